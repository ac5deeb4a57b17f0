"""The HCL expression evaluator and its functions, on expressions parsed from real HCL text."""

from __future__ import annotations

import pytest

from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.evaluate import Scope, evaluate, evaluate_or_unknown
from tflint_vpc.hcl.parse import parse_text
from tflint_vpc.hcl.values import EvalError, EvalValue
from tflint_vpc.inventory import UNKNOWN, Ref

SCOPE_NAMES: dict[str, EvalValue] = {
    "var": {
        "cidr": "10.0.0.0/16",
        "azs": ("a", "b", "c"),
        "tags": {"Env": "dev"},
        "unknown": UNKNOWN,
        "ref": Ref(("aws_vpc.main",), "id"),
        "on": True,
        "n": 3,
    },
}


def ev(text: str) -> EvalValue:
    parsed = parse_text(f"x = {text}\n", "test.tf")
    item = parsed.body[0]
    assert isinstance(item, s.Attribute)
    return evaluate_or_unknown(item.expr, Scope(SCOPE_NAMES))


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ('cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
        ("cidrsubnet(var.cidr, 4, 15)", "10.0.240.0/20"),
        ('cidrsubnet("fd00:fd12:3456:7890::/56", 8, 1)', "fd00:fd12:3456:7801::/64"),
        (
            'cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)',
            ("10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"),
        ),
        ('cidrhost("10.12.112.0/20", 16)', "10.12.112.16"),
        ('cidrhost("10.12.112.0/20", -2)', "10.12.127.254"),
        ('cidrnetmask("172.16.0.0/12")', "255.240.0.0"),
        ('tolist(["a", "b"])', ("a", "b")),
        ('toset(["b", "a", "b"])', ("a", "b")),
        ("tomap({a = 1})", {"a": 1}),
        ('merge(var.tags, {Name = "x"}, null)', {"Env": "dev", "Name": "x"}),
        ('concat(["a"], var.azs)', ("a", "a", "b", "c")),
        ('lookup(var.tags, "Env", "none")', "dev"),
        ('lookup(var.tags, "Owner", "none")', "none"),
        ("element(var.azs, 4)", "b"),
        ("length(var.azs)", 3),
        ('length("abcd")', 4),
        ("keys({b = 1, a = 2})", ("a", "b")),
        ("values({b = 1, a = 2})", (2, 1)),
        ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
        ("range(3)", (0, 1, 2)),
        ("range(1, 7, 2)", (1, 3, 5)),
        ('format("%s-%03d", "web", 7)', "web-007"),
        ('format("%q%%", "x")', '"x"%'),
        ("flatten([[1, [2]], [], [3]])", (1, 2, 3)),
        ('try(var.tags.Owner, "fallback")', "fallback"),
        ('try(var.tags.Env, "fallback")', "dev"),
        ('"${var.cidr}-${var.n}"', "10.0.0.0/16-3"),
        ('"net-%{ if var.on }on%{ endif }"', UNKNOWN),
        ('var.on ? "yes" : "no"', "yes"),
        ('var.unknown ? "yes" : "no"', UNKNOWN),
        ("1 + 2 * 3", 7),
        ("7 / 2", 3.5),
        ("-var.n", -3),
        ("!var.on", False),
        ("var.n > 2 && var.on", True),
        ('[for az in var.azs : upper(az) if az != "b"]', ("A", "C")),
        ("{for i, az in var.azs : az => i}", {"a": 0, "b": 1, "c": 2}),
        ("var.azs[*]", ("a", "b", "c")),
        ("var.ref", Ref(("aws_vpc.main",), "id")),
        ('"${var.ref}-suffix"', UNKNOWN),
        ("[var.ref, var.unknown]", (Ref(("aws_vpc.main",), "id"), UNKNOWN)),
        ("length([var.unknown, 1])", 2),
        ("cidrsubnet(var.unknown, 8, 1)", UNKNOWN),
        ("timestamp()", UNKNOWN),
        ("var.missing", UNKNOWN),
        ('cidrsubnet("10.0.0.0/16", 8, 300)', UNKNOWN),
    ],
)
def test_expressions(expr: str, expected: EvalValue) -> None:
    assert ev(expr) == expected


def test_errors_raise_for_try_but_top_level_gives_unknown() -> None:
    parsed = parse_text('x = cidrhost("10.0.0.0/30", 9)\n', "t.tf")
    item = parsed.body[0]
    assert isinstance(item, s.Attribute)
    with pytest.raises(EvalError):
        evaluate(item.expr, Scope({}))
    assert evaluate_or_unknown(item.expr, Scope({})) is UNKNOWN


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ('regexall("^[a-z]{2}-", "eu-west-1a")', ("eu-",)),
        ('length(regexall("^[a-z]{2}-", "euw1-az2")) > 0', False),
        ('regex("^(\\\\w+)-(\\\\d)$", "az-2")', ("az", "2")),
        ('startswith("subnet-1", "subnet-")', True),
        ('coalesce(null, "", "x")', "x"),
        ("max(1, 5, 3)", 5),
        ('join("-", ["a", "b"])', "a-b"),
        ('split(",", "a,b")', ("a", "b")),
        ('compact(["a", "", null])', ("a",)),
        ('contains(["a", "b"], "b")', True),
        ('distinct(["a", "b", "a"])', ("a", "b")),
        ('slice(["a", "b", "c"], 1, 3)', ("b", "c")),
        ("one([])", None),
        ('index(["a", "b"], "b")', 1),
        ('setsubtract(["a", "b", "c"], ["b"])', ("a", "c")),
        ('setunion(["b"], ["a", "b"])', ("a", "b")),
        ('setintersection(["a", "b"], ["b", "c"])', ("b",)),
        ('sort(["b", "a"])', ("a", "b")),
        ("reverse([1, 2])", (2, 1)),
        ("setsubtract([var.ref], [])", UNKNOWN),
    ],
)
def test_more_functions(expr: str, expected: EvalValue) -> None:
    assert ev(expr) == expected
