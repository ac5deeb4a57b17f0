"""Terraform addresses parse with their real keys; the tokenizer keeps the prefix offsets."""

from __future__ import annotations

import pytest

from tflint_vpc.address import Key, Token, format_key, parse_instance_address, tokenize


@pytest.mark.parametrize(
    ("text", "module", "mode", "rtype", "name", "key"),
    [
        ("aws_vpc.main", (), "managed", "aws_vpc", "main", None),
        ("aws_subnet.a[0]", (), "managed", "aws_subnet", "a", 0),
        ('aws_s3_bucket.b["my.bucket"]', (), "managed", "aws_s3_bucket", "b", "my.bucket"),
        ("data.aws_vpc.x", (), "data", "aws_vpc", "x", None),
        (
            'module.m["a.b[c]"].module.inner[2].data.aws_ami.x["q\\"z"]',
            (("m", "a.b[c]"), ("inner", 2)),
            "data",
            "aws_ami",
            "x",
            'q"z',
        ),
        (
            'module.net_each["a"].aws_subnet.this',
            (("net_each", "a"),),
            "managed",
            "aws_subnet",
            "this",
            None,
        ),
        (
            'module.a["x.y"].module.b[1].data.t.n["k"]',
            (("a", "x.y"), ("b", 1)),
            "data",
            "t",
            "n",
            "k",
        ),
        ("module.data.aws_x.y[3]", (("data", None),), "managed", "aws_x", "y", 3),
        ('aws_x.y["tab\\there \\u00e9"]', (), "managed", "aws_x", "y", "tab\there é"),
    ],
)
def test_instance_addresses_parse_with_real_keys(
    text: str, module: tuple[tuple[str, Key], ...], mode: str, rtype: str, name: str, key: Key
) -> None:
    parsed = parse_instance_address(text)
    assert parsed is not None
    assert (parsed.module, parsed.mode, parsed.type, parsed.name, parsed.key) == (
        module,
        mode,
        rtype,
        name,
        key,
    )
    assert parsed.module_address == ".".join(f"module.{c}{format_key(k)}" for c, k in module)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "aws_vpc",
        "a..b",
        "a.b[",
        'a.b["x]',
        "a.b[x]",
        "a.b[0",
        "data.x",
        "module.x",
        "x.y[*]",
        "module.m[*].a.b",
        "a.b.c.d",
        "1a.b",
        "a.b[0][1]",
        ".a.b",
        "a b.c",
    ],
)
def test_non_addresses_give_none(text: str) -> None:
    assert parse_instance_address(text) is None


def test_tokenizer_keeps_prefix_offsets() -> None:
    got = tokenize('aws_vpc.env["dev"].id')
    assert got is not None
    tokens, ends = got
    assert tokens == [Token("aws_vpc"), Token("env"), Token("", "dev", True), Token("id")]
    assert ['aws_vpc.env["dev"].id'[:e] for e in ends][-2] == 'aws_vpc.env["dev"]'


def test_format_key_round_trips() -> None:
    for key in (0, 12, "a", "a.b[c]", 'q"z'):
        parsed = parse_instance_address(f"aws_x.y{format_key(key)}")
        assert parsed is not None and parsed.key == key
