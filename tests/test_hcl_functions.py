"""Terraform functions by category, with Terraform's edge cases, through parsed HCL text.

Expected values and error cases follow Terraform 1.x (`internal/lang/funcs`, go-cty's stdlib):
each case notes the behaviour it pins where that is not obvious.
"""

from __future__ import annotations

import hashlib
import math
import os
from pathlib import Path

import pytest

from tflint_vpc.hcl import functions
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.evaluate import Scope, evaluate, evaluate_or_unknown
from tflint_vpc.hcl.functions.filesystem import MAX_FILE_BYTES, ModuleFiles
from tflint_vpc.hcl.loader import ParseCache, load_root
from tflint_vpc.hcl.parse import parse_text
from tflint_vpc.hcl.values import EvalError, EvalValue, is_unknown
from tflint_vpc.inventory import UNKNOWN, Unknown

SECRET = Unknown(sensitive=True)
NAMES: dict[str, EvalValue] = {
    "var": {"unknown": UNKNOWN, "secret": SECRET, "azs": ("a", "b"), "n": 3},
}


def _expr(text: str) -> s.Expr:
    item = parse_text(f"x = {text}\n", "test.tf").body[0]
    assert isinstance(item, s.Attribute)
    return item.expr


def ev(text: str, files: ModuleFiles | None = None) -> EvalValue:
    return evaluate_or_unknown(_expr(text), Scope(NAMES, files=files))


def ev_error(text: str) -> str:
    with pytest.raises(EvalError) as info:
        evaluate(_expr(text), Scope(NAMES))
    return str(info.value)


VALUES = [
    # --- numeric: log(number, base) = ln(number) / ln(base) in float64, as Terraform ---
    ("log(16, 2)", 4),
    ("log(1, 10)", 0),
    ("log(1000, 10)", math.log(1000) / math.log(10)),  # 2.9999999999999996, not 3
    ("ceil(log(3, 2))", 2),  # the cloudposse subnet-bits idiom
    ("ceil(log(4, 2))", 2),
    ('log("8", 2)', 3),  # a numeric string converts, as any number argument
    ("log(0, 2)", -math.inf),  # Go's math.Log(0) is -Inf, a value, not an error
    ("log(8, 1)", math.inf),  # division by ln(1) = 0
    ("log(0.5, 2)", -1),
    # --- collection: setproduct ---
    ('setproduct(["a", "b"], ["x", "y"])', (("a", "x"), ("a", "y"), ("b", "x"), ("b", "y"))),
    ("setproduct([1], [2], [3, 4])", ((1, 2, 3), (1, 2, 4))),
    ('setproduct(["a"], [])', ()),  # an empty argument empties the product
    ('setproduct(toset(["b", "a", "b"]), ["x"])', (("a", "x"), ("b", "x"))),
    ('setproduct(["a", "a"], ["x"])', (("a", "x"), ("a", "x"))),  # lists keep duplicates
    ('setproduct(["a", var.unknown], ["x"])', (("a", "x"), (UNKNOWN, "x"))),
    # --- collection: chunklist ---
    ('chunklist(["a", "b", "c"], 2)', (("a", "b"), ("c",))),
    ('chunklist(["a", "b", "c", "d"], 2)', (("a", "b"), ("c", "d"))),
    ('chunklist(["a", "b"], 5)', (("a", "b"),)),
    ('chunklist(["a", "b"], 0)', (("a", "b"),)),  # size 0: the whole list as one chunk
    ("chunklist([], 3)", ()),
    ("chunklist([], 0)", ()),
    ('chunklist(["a", "b"], "1")', (("a",), ("b",))),
    # --- string: title, trimsuffix ---
    ('title("hello world")', "Hello World"),
    ('title("hello-world_foo bar.baz")', "Hello-World_foo Bar.Baz"),  # `_` joins a word
    ('title("HELLO wORLD")', "HELLO WORLD"),  # the rest of a word is left alone
    ('title("o\'neil")', "O'Neil"),
    ('title("élan vital")', "Élan Vital"),
    ('title("straße 9th")', "Straße 9th"),
    ('title("")', ""),
    ('trimsuffix("helloworld", "world")', "hello"),
    ('trimsuffix("hello", "x")', "hello"),
    ('trimsuffix("aa", "a")', "a"),  # once only
    ('trimsuffix("abc", "")', "abc"),
    ('trimsuffix("subnet-private", "-private")', "subnet"),
    # --- filesystem: basename (Go's filepath.Base) ---
    ('basename("foo/bar/baz.txt")', "baz.txt"),
    ('basename("foo/bar/")', "bar"),
    ('basename("/")', "/"),
    ('basename("///")', "/"),
    ('basename("")', "."),
    ('basename("baz")', "baz"),
    # --- hash: md5 ---
    ('md5("hello world")', "5eb63bbbe01eeed093cb22bb8f5acdc3"),
    ('md5("")', "d41d8cd98f00b204e9800998ecf8427e"),
    ("md5(1)", hashlib.md5(b"1").hexdigest()),
    # Terraform strings are NFC: "e" + combining acute hashes as the composed "é".
    ('md5("e\u0301")', hashlib.md5("\u00e9".encode()).hexdigest()),
    # --- the removed map()/list() fail in Terraform 1.x, so try() takes its fallback ---
    ('try(map("a", "b"), "fallback")', "fallback"),
    ('try(list("a"), "fallback")', "fallback"),
    ('can(map("a", "b"))', False),
]


@pytest.mark.parametrize(("expr", "expected"), VALUES)
def test_value(expr: str, expected: EvalValue) -> None:
    assert ev(expr) == expected


ERRORS = [
    ("log(-1, 2)", "not a number"),  # NaN: cty numbers cannot hold it, Terraform errors
    ("log(1, 1)", "not a number"),
    ("log(8)", "expected 2 arguments"),
    ('log("x", 2)', "expected a number"),
    ('setproduct(["a"])', "at least two arguments are required"),
    ("setproduct()", "at least two arguments are required"),
    ('setproduct({a = 1}, ["x"])', "a set or a list is required"),
    ('setproduct(["a"], "x")', "a set or a list is required"),
    ('chunklist(["a"], -1)', "the size argument must be positive"),
    ("chunklist([], -1)", "the size argument must be positive"),
    ('chunklist(["a"], 1.5)', "whole number"),
    ('chunklist("a", 1)', "expected a list"),
    ('title("a", "b")', "expected 1 arguments"),
    ("title(null)", "expected a string"),
    ('trimsuffix("a")', "expected 2 arguments"),
    ("basename(null)", "expected a string"),
    ("md5(null)", "expected a string"),
    ('map("a", "b")', 'the "map" function was deprecated in Terraform v0.12'),
    ("map()", "use tomap({ ... }) syntax"),
    ("map(var.unknown)", "no longer available"),  # fails before looking at its arguments
    ('list("a")', 'the "list" function was deprecated in Terraform v0.12'),
]


@pytest.mark.parametrize(("expr", "message"), ERRORS)
def test_error(expr: str, message: str) -> None:
    assert message in ev_error(expr)


# Every new function with an unknown (or sensitive, hence unknown) argument where it needs a
# value: the result is unknown, as with the older functions, and never the secret.
UNKNOWN_CALLS = [
    "log({}, 2)",
    "log(8, {})",
    'setproduct({}, ["x"])',
    'setproduct(["a"], {})',
    "chunklist({}, 2)",
    'chunklist(["a"], {})',
    "title({})",
    'trimsuffix({}, "x")',
    'trimsuffix("x", {})',
    "basename({})",
    "md5({})",
    "file({})",
]


@pytest.mark.parametrize("template", UNKNOWN_CALLS)
@pytest.mark.parametrize("argument", ["var.unknown", "var.secret"])
def test_unknown_arguments_give_unknown(template: str, argument: str) -> None:
    assert is_unknown(ev(template.format(argument)))


def test_every_category_module_stays_small() -> None:
    package = Path(functions.__file__).parent
    for module in package.glob("*.py"):
        assert len(module.read_text().splitlines()) < 500, module.name


def test_new_functions_are_in_the_evaluator_table() -> None:
    names = {"setproduct", "chunklist", "log", "basename", "title", "trimsuffix", "md5", "map"}
    assert names <= set(functions.FUNCTIONS) | {"file"}


# --- file() --------------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/ (the linted module) with a child module, and a secret file beside root/."""
    root = tmp_path / "root"
    (root / "modules" / "vpc").mkdir(parents=True)
    (root / "cidr.txt").write_text("10.0.0.0/16")
    (root / "modules" / "vpc" / "cidr.txt").write_text("10.1.0.0/16")
    (root / "binary.dat").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "outside.txt").write_text("secret-outside")
    return root


def files_for(module: Path, root: Path) -> ModuleFiles:
    return ModuleFiles(root=os.path.realpath(root), module=os.path.realpath(module))


def test_file_reads_relative_to_the_root_module(tree: Path) -> None:
    files = files_for(tree, tree)
    assert ev('file("cidr.txt")', files) == "10.0.0.0/16"
    assert ev('file("./modules/vpc/../../cidr.txt")', files) == "10.0.0.0/16"
    assert ev(f'file("{tree / "cidr.txt"}")', files) == "10.0.0.0/16"  # absolute, inside


def test_file_in_a_child_module_uses_path_module(tree: Path) -> None:
    # Terraform resolves relative paths against the root (its working directory); modules
    # write "${path.module}/..." to read their own files.
    files = files_for(tree / "modules" / "vpc", tree)
    assert files.relative_module == os.path.join("modules", "vpc")
    assert ev('file("modules/vpc/cidr.txt")', files) == "10.1.0.0/16"
    assert ev('file("cidr.txt")', files) == "10.0.0.0/16"


def test_file_in_a_module_outside_the_root_reads_only_that_module(tmp_path: Path) -> None:
    root = tmp_path / "live"
    module = tmp_path / "shared" / "vpc"
    root.mkdir()
    module.mkdir(parents=True)
    (module / "cidr.txt").write_text("10.2.0.0/16")
    (tmp_path / "shared" / "other.txt").write_text("not this")
    files = files_for(module, root)
    assert ev('file("../shared/vpc/cidr.txt")', files) == "10.2.0.0/16"
    assert ev('file("../shared/other.txt")', files) is UNKNOWN


@pytest.mark.parametrize(
    "path",
    [
        "../outside.txt",  # escapes the tree
        "modules/../../outside.txt",
        "missing.txt",
        "modules",  # a directory
        "~/.aws/credentials",  # a home directory is never part of the tree
        "",
        "bad\\u0000name",  # a NUL byte in the path
    ],
)
def test_file_outside_or_unreadable_is_unknown(tree: Path, path: str) -> None:
    assert ev(f'file("{path}")', files_for(tree, tree)) is UNKNOWN


def test_file_absolute_path_outside_the_tree_is_unknown(tree: Path) -> None:
    outside = tree.parent / "outside.txt"
    assert ev(f'file("{outside}")', files_for(tree, tree)) is UNKNOWN
    assert ev('file("/etc/passwd")', files_for(tree, tree)) is UNKNOWN


def test_file_symlink_leaving_the_tree_is_unknown(tree: Path) -> None:
    (tree / "link.txt").symlink_to(tree.parent / "outside.txt")
    (tree / "zero").symlink_to("/dev/zero")
    (tree / "inner.txt").symlink_to(tree / "cidr.txt")
    files = files_for(tree, tree)
    assert ev('file("link.txt")', files) is UNKNOWN
    assert ev('file("zero")', files) is UNKNOWN
    assert ev('file("inner.txt")', files) == "10.0.0.0/16"  # a link within the tree is fine


def test_file_never_reads_a_device_or_fifo(tree: Path) -> None:
    os.mkfifo(tree / "pipe")  # no writer: a plain open() for reading would block forever
    assert ev('file("pipe")', files_for(tree, tree)) is UNKNOWN
    # A tree that holds devices: /dev/zero would never end, /dev/null is not a regular file.
    devices = ModuleFiles(root="/dev", module="/dev")
    assert ev('file("zero")', devices) is UNKNOWN
    assert ev('file("null")', devices) is UNKNOWN


def test_file_over_the_size_limit_is_unknown(tree: Path) -> None:
    with open(tree / "big.txt", "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    with open(tree / "limit.txt", "wb") as handle:
        handle.truncate(MAX_FILE_BYTES)
    files = files_for(tree, tree)
    assert ev('file("big.txt")', files) is UNKNOWN
    assert ev('length(file("limit.txt"))', files) == MAX_FILE_BYTES


def test_file_not_utf8_is_terraforms_error(tree: Path) -> None:
    files = files_for(tree, tree)
    with pytest.raises(EvalError, match="not valid UTF-8"):
        evaluate(_expr('file("binary.dat")'), Scope(NAMES, files=files))
    assert ev('try(file("binary.dat"), "fallback")', files) == "fallback"


def test_file_without_a_module_directory_is_unknown() -> None:
    assert ev('file("cidr.txt")') is UNKNOWN  # e.g. a variable default: no module context


def test_file_and_path_module_through_the_loader(tree: Path) -> None:
    (tree / "main.tf").write_text(
        'resource "aws_vpc" "root" { cidr_block = trimspace(file("cidr.txt")) }\n'
        'module "vpc" { source = "./modules/vpc" }\n'
    )
    (tree / "modules" / "vpc" / "main.tf").write_text(
        'resource "aws_vpc" "child" { cidr_block = file("${path.module}/cidr.txt") }\n'
        'resource "aws_vpc" "escape" { cidr_block = file("${path.module}/../../../outside.txt") }\n'
    )
    inventory, errors = load_root(str(tree), str(tree), ParseCache())
    assert errors == []
    values = {i.address: i.values.get("cidr_block") for i in inventory.instances}
    assert values["aws_vpc.root"] == "10.0.0.0/16"
    assert values["module.vpc.aws_vpc.child"] == "10.1.0.0/16"
    assert values["module.vpc.aws_vpc.escape"] is UNKNOWN
