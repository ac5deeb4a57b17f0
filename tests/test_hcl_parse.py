"""Parsing HCL text into the syntax tree: shapes the evaluator relies on, positions, comments."""

from __future__ import annotations

import pytest

from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.evaluate import Scope, evaluate
from tflint_vpc.hcl.parse import HclSyntaxError, parse_text
from tflint_vpc.hcl.values import EvalValue

TEXT = """\
# A VPC
locals {
  heredoc = <<EOT
line one
EOT
  trimmed = <<-EOT
    indented
      more
    EOT
  k      = "dynamic"
  keys   = { in = 1, "quoted" = 2, 3 = "three", (local.k) = 4 }
  multi  = 1 +
    2
  cond   = true ?
    "yes" : "no"
  group  = { for x in ["a", "b", "a"] : x => x... }
  escape = "tab\\there \\"q\\" $${not} %%{no}"
  short  = [10, 20].1
  splat  = [{ id = 1 }, { id = 2 }].*.id
  paren  = (1 + 2) * 3
  neg    = -1.5
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16" # trailing

  tags = {
    Name = "x"
  }
}
"""


def locals_of(text: str) -> dict[str, EvalValue]:
    parsed = parse_text(text, "t.tf")
    block = parsed.body[0]
    assert isinstance(block, s.Block)
    names: dict[str, EvalValue] = {}
    scope = Scope({"local": names})
    for item in block.body:
        assert isinstance(item, s.Attribute)
        names[item.name] = evaluate(item.expr, scope)
    return names


def test_expression_shapes() -> None:
    values = locals_of(TEXT)
    assert values["heredoc"] == "line one\n"
    assert values["trimmed"] == "indented\n  more\n"
    assert values["keys"] == {"in": 1, "quoted": 2, "3": "three", "dynamic": 4}
    assert values["multi"] == 3
    assert values["cond"] == "yes"
    assert values["group"] == {"a": ("a", "a"), "b": ("b",)}
    assert values["escape"] == 'tab\there "q" ${not} %{no}'
    assert values["short"] == 20
    assert values["splat"] == (1, 2)
    assert values["paren"] == 9
    assert values["neg"] == -1.5


def test_block_positions() -> None:
    parsed = parse_text(TEXT, "t.tf")
    vpc = parsed.body[1]
    assert isinstance(vpc, s.Block)
    lines = TEXT.splitlines()
    assert lines[vpc.line - 1].startswith('resource "aws_vpc" "main"')
    assert lines[vpc.end_line - 1] == "}"
    assert (vpc.type, vpc.labels) == ("resource", ("aws_vpc", "main"))
    tags = vpc.blocks("tags")
    assert tags == ()  # `tags = {...}` is an attribute, not a block
    attribute = vpc.attribute("tags")
    assert attribute is not None and lines[attribute.line - 1].strip().startswith("tags")


def test_only_directive_comments_are_kept() -> None:
    text = '# plain\nresource "a" "b" {\n  # tfvpc:ignore X\n  /* tfvpc:ignore Y\n  */\n}\n'
    parsed = parse_text(text, "t.tf")
    assert [(c.line, c.text) for c in parsed.comments] == [
        (3, "# tfvpc:ignore X"),
        (4, "/* tfvpc:ignore Y\n  */"),
    ]
    # a directive inside a string is not a comment
    assert parse_text('a = "# tfvpc:ignore X"\n', "t.tf").comments == ()


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ('resource "a" "b" {\n  x = = 1\n}\n', "t.tf:2:"),
        ('resource "a" "b" {\n  x = 1\n', "t.tf:"),
        ("a = 1\na = 2\n", 't.tf:2:1: syntax error: attribute "a" redefined'),
        ("tags = {}\ntags {\n}\n", 't.tf:1:1: syntax error: "tags" is defined both'),
    ],
)
def test_syntax_errors(text: str, position: str) -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse_text(text, "t.tf")
    message = str(caught.value)
    assert message.startswith(position)
    assert "\n" not in message and ": syntax error: " in message


def test_provider_function_names_are_kept() -> None:
    parsed = parse_text('x = provider::aws::arn_parse("arn")\n', "t.tf")
    item = parsed.body[0]
    assert isinstance(item, s.Attribute) and isinstance(item.expr, s.Call)
    assert item.expr.name == "provider::aws::arn_parse"


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "(" * 3000 + "1" + ")" * 3000 + "\n",
        "x = " + "[" * 3000 + "]" * 3000 + "\n",
        "a {\n" * 300 + "}\n" * 300,
    ],
)
def test_deep_nesting_is_a_syntax_error_not_a_crash(text: str) -> None:
    with pytest.raises(HclSyntaxError, match="nested more than 100 levels deep"):
        parse_text(text, "t.tf")


def test_huge_tokens_are_cut_in_messages() -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse_text("locals {\n  x = " + "-" * 5000 + "1\n}\n", "t.tf")
    assert len(str(caught.value)) < 250


# --- parsing: comments inside traversals ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("var.azs /* first */[0]", "a"),
        ("var.azs /* a */ /* b */ [1]", "b"),
        ("{a = {b = 1}} /* c */.a /* d */ .b", 1),
        ("var.azs /* c */[*]", ("a", "b")),
        ("length(var.azs) /* c */ + 1", 3),  # the comment is not part of the operator
        ("var.n /* c */ * 2", 6),
    ],
)
def test_inline_comment_before_a_traversal_or_operator(text: str, expected: EvalValue) -> None:
    # HCL treats `/* */` as whitespace; the grammar lexes it as a newline, which ended the
    # expression (a syntax error) or was glued into the operator (an unknown result).
    item = parse_text(f"x = {text}\n", "m.tf").body[0]
    assert isinstance(item, s.Attribute)
    names: dict[str, EvalValue] = {"var": {"azs": ("a", "b"), "n": 3}}
    assert evaluate(item.expr, Scope(names)) == expected


def test_inline_comment_keeps_line_numbers() -> None:
    text = "a = var.x /* one\ntwo */[0]\nb = 1\nc = (\n"
    with pytest.raises(HclSyntaxError) as info:
        parse_text(text, "m.tf")
    assert info.value.line == 5  # the unclosed `(` reported where the file ends, as before
    parsed = parse_text("a = var.x /* one\ntwo */[0]\nb = 1\n", "m.tf")
    assert [item.line for item in parsed.body if isinstance(item, s.Attribute)] == [1, 3]


def test_a_line_comment_still_ends_the_expression() -> None:
    # HCL too: the newline ending `# c` ends the attribute, so `[0]` cannot continue it.
    with pytest.raises(HclSyntaxError) as info:
        parse_text("a = var.x # c\n[0]\n", "m.tf")
    assert info.value.line == 2
