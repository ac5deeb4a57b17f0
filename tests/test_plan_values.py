"""Value conversion: `after_unknown` leaves at any depth, sensitive masks, block expressions.

Secrets never leave the plan front end: a sensitive leaf is `SENSITIVE` wherever it is marked.
"""

from __future__ import annotations

from plan_helpers import cres, instances, new_vpcs, plan, rc, ref, resolve, value

from tflint_vpc.inventory import SENSITIVE, UNKNOWN
from tflint_vpc.plan import inventory_from_document

# --- unknown and sensitive values -------------------------------------------------------------


def test_after_unknown_marks_leaves_at_any_depth_aligned_with_after() -> None:
    doc = plan(
        [
            rc(
                "aws_x.y",
                ["create"],
                {"a": [[None, "k"]], "b": [1, None], "c": {"d": "x"}, "known_null": None},
                {"a": [[True, False]], "b": [False, True], "c": {"e": True}, "whole": True},
            )
        ]
    )
    values = instances(resolve(doc))["aws_x.y"].values
    assert values["a"] == ((UNKNOWN, "k"),)
    assert values["b"] == (1, UNKNOWN)
    assert values["c"] == {"d": "x", "e": UNKNOWN}
    assert values["whole"] is UNKNOWN  # absent from `after`, present as unknown
    assert values["known_null"] is None


def test_sensitive_values_never_leave_the_resolver() -> None:
    secret = "hunter2-very-secret"
    doc = plan(
        [
            rc(
                "aws_x.y",
                ["create"],
                {"password": secret, "nested": {"s": secret, "ok": "fine"}, "list": ["a", secret]},
                {},
                {"password": True, "nested": {"s": True}, "list": [False, True]},
            ),
            rc("aws_x.whole", ["create"], {"v": secret}, {}, True),
        ],
        resources=[
            {
                "address": "aws_x.pv",
                "values": {"token": secret, "tags": {"t": secret}},
                "sensitive_values": {"token": True, "tags": True},
            }
        ],
        prior=[
            {"address": "data.aws_x.d", "values": {"k": secret}, "sensitive_values": {"k": True}}
        ],
    )
    inv = resolve(doc)
    assert secret not in repr(inv)
    got = instances(inv)
    assert got["aws_x.y"].values["nested"] == {"s": SENSITIVE, "ok": "fine"}
    assert got["aws_x.y"].values["list"] == ("a", SENSITIVE)
    assert got["aws_x.whole"].values == {}
    assert got["aws_x.pv"].values == {"token": SENSITIVE, "tags": SENSITIVE}


def test_state_sensitive_values_are_masked() -> None:
    doc = {
        "format_version": "1.0",
        "values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_x.y",
                        "values": {"id": "x-1", "pw": "s3cr3t-value"},
                        "sensitive_values": {"pw": True},
                    }
                ],
                "child_modules": [
                    {
                        "address": "module.m",
                        "resources": [{"address": "module.m.aws_x.z", "values": {"id": "x-2"}}],
                    }
                ],
            }
        },
    }
    inv = inventory_from_document(doc, "state.json", "state")
    assert "s3cr3t" not in repr(inv)
    got = instances(inv)
    assert got["aws_x.y"].values == {"id": "x-1", "pw": SENSITIVE}
    assert got["module.m.aws_x.z"].module == "module.m"


def test_nested_block_expressions_align_by_position() -> None:
    doc = plan(
        [
            *new_vpcs("aws_vpc.a", "aws_vpc.b"),
            rc(
                "aws_x.y",
                ["create"],
                {"blk": [{"n": 1}, {"n": 2}]},
                {"blk": [{"vpc_id": True}, {"vpc_id": True}]},
            ),
        ],
        config={
            "resources": [
                cres(
                    "aws_x.y",
                    {
                        "blk": [
                            {"vpc_id": {"references": ["aws_vpc.a.id", "aws_vpc.a"]}},
                            {"vpc_id": {"references": ["aws_vpc.b.id", "aws_vpc.b"]}},
                        ]
                    },
                )
            ]
        },
    )
    blocks = value(resolve(doc), "aws_x.y", "blk")
    assert blocks == ({"n": 1, "vpc_id": ref("aws_vpc.a")}, {"n": 2, "vpc_id": ref("aws_vpc.b")})
