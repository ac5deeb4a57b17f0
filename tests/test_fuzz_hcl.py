"""Property-based fuzzing of the HCL front end: evaluator, functions, tfvars and `.tf.json`.

`test_fuzz.py` mutates whole files and runs the CLI; this goes one level down, where generated
input reaches every branch faster: expressions built from HCL's grammar (nested calls of every
supported function, operators, `for`, templates, huge and odd literals), functions called with
arbitrary values (unknown and sensitive ones included), `.tfvars`/`.tfvars.json` text and
`.tf.json` documents. Each must end in a value or in the front end's own errors (EvalError, a
spent budget, a syntax error), never in any other exception, and within the evaluation budget.

Example counts: 2,000 in total by default (expressions 800, functions 600, tfvars 300,
`.tf.json` 300; well under a minute on two cores), derandomized as in `test_fuzz.py`, so CI runs
the same examples every time. `TFVPC_FUZZ_EXAMPLES=N` shares N examples among these tests the
same way and switches to random exploration with the example database.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tflint_vpc.hcl import budget, functions
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.evaluate import Scope, evaluate
from tflint_vpc.hcl.jsonsyntax import parse_json_text
from tflint_vpc.hcl.loader import ParseCache, load_root, read_tfvars
from tflint_vpc.hcl.parse import HclSyntaxError, parse_text
from tflint_vpc.hcl.values import EvalError, EvalValue, to_value
from tflint_vpc.inventory import SENSITIVE, UNKNOWN, Ref

DEFAULT_TOTAL = 2000
_LONG_RUN = os.environ.get("TFVPC_FUZZ_EXAMPLES")
TOTAL = int(_LONG_RUN) if _LONG_RUN else DEFAULT_TOTAL
STEPS = 20_000  # per example: enough for every generated expression that is not pathological
EXPECTED = (EvalError, budget.BudgetExceeded)


def fuzz_settings(share: float) -> settings:
    return settings(
        max_examples=max(1, int(TOTAL * share)),
        deadline=None,
        derandomize=_LONG_RUN is None,
        database=None if _LONG_RUN is None else settings().database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


# --- expressions ---------------------------------------------------------------------------------

NAMES = sorted(functions.FUNCTIONS)
_STRING_PIECES = (
    "10.0.0.0/16", "a", "", " ", "%", "%d", "%05.2f", "%q", "%%", "%s", "%v", "$${x}", "%%{x}",
    "\\n", "\\\\", '\\"', "\\u00e9", "\\U0001F600", "é", "(a*)*b", "[0-9]+", "(?P<n>x)", "\\\\1",
    "0" * 40, "x" * 200,
)  # fmt: skip
_NUMBERS = ("0", "1", "-1", "2", "16", "1024", "1.5", "1e308", "1e999", "9" * 300, "0.0001")


def _string_literal() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_STRING_PIECES), max_size=4).map(
        lambda parts: '"' + "".join(parts) + '"'
    )


_LEAVES = st.one_of(
    st.sampled_from(_NUMBERS),
    _string_literal(),
    st.sampled_from(("true", "false", "null", "local.a", "local.b", "x", "[]", "{}")),
)


def _object_text(keys: list[int], values: list[str]) -> str:
    return "{" + ", ".join(f"k{k} = {v}" for k, v in zip(keys, values, strict=False)) + "}"


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    args = st.lists(inner, max_size=4)
    return st.one_of(
        st.builds(lambda name, a: f"{name}({', '.join(a)})", st.sampled_from(NAMES), args),
        st.builds(lambda a: f"[{', '.join(a)}]", args),
        st.builds(_object_text, st.lists(st.integers(0, 5), max_size=3), args),
        st.builds(
            lambda a, op, b: f"({a} {op} {b})",
            inner,
            st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"]),
            inner,
        ),
        st.builds(lambda c, a, b: f"({c} ? {a} : {b})", inner, inner, inner),
        st.builds(lambda c, v: f"[for x in {c} : {v}]", inner, inner),
        st.builds(lambda c, k, v: f"{{for i, x in {c} : {k} => {v}...}}", inner, inner, inner),
        st.builds(lambda a, i: f"{a}[{i}]", inner, inner),
        st.builds(lambda a: f'"${{{a}}}-x"', inner),
        st.builds(lambda a: f"-{a}", inner),
        st.builds(lambda a: f"!{a}", inner),
        st.builds(lambda a: f"{a}[*]", inner),
    )


EXPRESSIONS = st.recursive(_LEAVES, _extend, max_leaves=12)
_SCOPE_NAMES: dict[str, EvalValue] = {
    "local": {"a": ("10.0.0.0/16", "x"), "b": {"k": UNKNOWN, "s": SENSITIVE}},
    "x": Ref(("aws_vpc.a",), "id"),
}


@fuzz_settings(0.4)
@given(text=EXPRESSIONS)
@example(text="[][1e999]")  # found by a long run: int() of an infinite index
def test_generated_expressions_evaluate_or_fail_cleanly(text: str) -> None:
    try:
        parsed = parse_text(f"v = {text}\n", "fuzz.tf")
    except HclSyntaxError:
        return
    item = parsed.body[0]
    assert isinstance(item, s.Attribute)
    run = budget.Budget(max_steps=STEPS)
    with budget.activate(run):
        try:
            result = evaluate(item.expr, Scope(_SCOPE_NAMES))
            to_value(result)
        except EXPECTED:
            pass
    assert run.steps <= STEPS + 1


# --- functions with arbitrary values -------------------------------------------------------------

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["10.0.0.0/8", "10.0.0.0/16", "fd00::/8", "%d", "a,b", ""]),
    st.just(UNKNOWN),
    st.just(SENSITIVE),
)
VALUES: st.SearchStrategy[EvalValue] = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=4), inner, max_size=4),
    ),
    max_leaves=10,
)


@fuzz_settings(0.3)
@given(name=st.sampled_from(NAMES), args=st.lists(VALUES, max_size=4))
def test_functions_return_a_value_or_an_eval_error(name: str, args: list[EvalValue]) -> None:
    with budget.activate(budget.Budget(max_steps=STEPS)), contextlib.suppress(*EXPECTED):
        to_value(functions.call(name, args))


# --- tfvars ---------------------------------------------------------------------------------------

_TFVARS_TOKENS = (
    "a = ", "b = ", "1", '"x"', "[", "]", "{", "}", ",", "\n", "#", "=", "${", "var.x", "<<EOF\n",
    "EOF\n", "\\U0010FFFF", "\\UFFFFFFFF", "9" * 400, "tomap({})", "null", "-", ".", "*",
)  # fmt: skip


def _json_documents() -> st.SearchStrategy[object]:
    return st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
        ),
        max_leaves=15,
    )


@fuzz_settings(0.15)
@given(
    tokens=st.lists(st.sampled_from(_TFVARS_TOKENS) | st.text(max_size=3), max_size=20),
    document=_json_documents(),
    depth=st.integers(0, 3) | st.just(1200),
)
def test_tfvars_load_or_give_a_syntax_error(
    tokens: list[str], document: object, depth: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        native = Path(tmp, "x.tfvars")
        native.write_text("".join(tokens), encoding="utf-8", errors="surrogatepass")
        as_json = Path(tmp, "x.tfvars.json")
        text = json.dumps({"v": document}, allow_nan=True)
        as_json.write_text("[" * depth + text + "]" * depth if depth > 3 else text)
        with budget.activate(budget.Budget(max_steps=STEPS)):
            for path in (native, as_json):
                result = read_tfvars(str(path), ParseCache())
                assert isinstance(result, dict | HclSyntaxError)


# --- .tf.json ------------------------------------------------------------------------------------

_TEMPLATES = st.sampled_from(
    ["${var.n}", "${local.l}", "x-${count.index}", "${aws_vpc.a.id}", "$${x}", "${", "10.0.0.0/16"]
)
_ATTRIBUTES = st.dictionaries(
    st.sampled_from(["cidr_block", "count", "for_each", "tags", "vpc_id", "//", "dynamic"]),
    st.one_of(_TEMPLATES, st.integers(-2, 5), _json_documents()),
    max_size=4,
)


@fuzz_settings(0.15)
@given(
    resources=st.dictionaries(
        st.sampled_from(["aws_vpc", "aws_subnet", "aws_route", "x"]),
        st.dictionaries(st.sampled_from(["a", "b", "c"]), _ATTRIBUTES, max_size=3),
        max_size=3,
    ),
    extra=st.dictionaries(
        st.sampled_from(["variable", "locals", "output", "module", "provider", "data"]),
        _json_documents(),
        max_size=3,
    ),
)
def test_tf_json_loads_or_gives_a_syntax_error(
    resources: dict[str, object], extra: dict[str, object]
) -> None:
    text = json.dumps({"resource": resources, **extra}, indent=1)
    try:
        parse_json_text(text, "main.tf.json")
    except HclSyntaxError:
        return
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "main.tf.json").write_text(text, encoding="utf-8")
        inventory, _ = load_root(tmp, tmp, ParseCache())
    for instance in inventory.instances:
        json.dumps(instance.values, default=str)  # plain, finite data the builder can read
