"""Issue 17, causes 2, 3, 4, 5 and 7: links public modules make, in every lint mode.

Each `fixtures/modules17/<cause>/` holds our HCL in a public module's shape and its real plan;
`EXPECTED.md` there lists the findings a correct linter gives. Modes:

* `hcl`: `tfvpc lint DIR`
* `plan`: `tfvpc lint DIR/plan.json --no-source-dir` (the plan alone)
* `found`: `tfvpc lint DIR/plan.json` (finds DIR by itself: the plan's directory)
* `plan+src`: `tfvpc lint DIR/plan.json --source-dir DIR`

The plan alone keeps only an expression's references, so locals and index arithmetic
(`aws_subnet.zone[1 - count.index]`, `element(x[*].id, count.index)`) are not resolved there:
it must then miss a finding rather than guess (no finding on a correct resource).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tflint_vpc.api import LintRequest, lint, load_inputs
from tflint_vpc.build import build
from tflint_vpc.model import Topology

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "modules17"

Findings = frozenset[tuple[str, str]]

MODULE_LIST_INDEX: Findings = frozenset(
    {
        ("TFVPC004", "aws_network_interface.replication_fail"),
        ("TFVPC004", "aws_network_interface_attachment.standby_data_fail"),
    }
)
LOCALS_VPC_ID: Findings = frozenset(
    {
        ("TFVPC001", 'module.app.aws_vpc_peering_connection.this["shared"]'),
        # the same overlap seen from the route table: app routes shared's 10.100.0.0/16, which
        # is app's own secondary block, to the peering (AWS refuses such a route)
        ("TFVPC009", 'module.app.aws_route.peer["shared"]'),
        ("TFVPC004", "aws_network_interface.worker_data_fail"),
        ("TFVPC005", "aws_instance.worker_xen_fail"),
        # the peer VPC has no route back (its main table holds only local routes): replies
        # are dropped, TFVPC007
        ("TFVPC007", 'module.app.aws_vpc_peering_connection.this["partner"]'),
    }
)
COUNT_INDEX_ARITHMETIC: Findings = frozenset(
    {
        ("TFVPC004", "aws_network_interface.node_backup_fail[0]"),
        ("TFVPC004", "aws_network_interface.node_backup_fail[1]"),
    }
)
FOR_EACH_ID_MAP: Findings = frozenset(
    {
        ("TFVPC005", "aws_instance.legacy_xen_fail"),
        ("TFVPC004", 'aws_network_interface.legacy_extra["b"]'),
        # the peer VPC has no route back (its main table holds only local routes): replies
        # are dropped, TFVPC007
        ("TFVPC007", "aws_vpc_peering_connection.app_shared"),
    }
)
COMPLETE_EXAMPLE: Findings = frozenset(
    {
        ("TFVPC001", "aws_vpc_peering_connection.legacy_fail"),
        # no route table routes to the legacy VPC: nothing would use the peering (a notice)
        ("TFVPC008", "aws_vpc_peering_connection.legacy_fail"),
        ("TFVPC004", "aws_network_interface.bastion_private_fail"),
        ("TFVPC005", "aws_instance.batch_xen_fail"),
        # the peer VPC has no route back (its main table holds only local routes): replies
        # are dropped, TFVPC007
        ("TFVPC007", "aws_vpc_peering_connection.partner_pass"),
    }
)

# What the plan alone finds: a subset of the full set, never a finding outside it.
PLAN_ALONE: dict[str, Findings] = {
    "module_list_index": MODULE_LIST_INDEX,  # list output elements are read from the plan
    # the VPC of every subnet is `local.vpc_id`; the associations use element(.., count.index)
    "locals_vpc_id": frozenset({("TFVPC004", "aws_network_interface.worker_data_fail")}),
    "count_index_arithmetic": frozenset(),  # [1 - count.index] reads like [count.index]
    "for_each_id_map": frozenset(),  # which map entry holds key "a" is not in the plan
    # the private subnets' associations use element(.., count.index)
    # (and the VPCs' route tables are not all known, so TFVPC008 cannot claim a peering unused)
    "complete_example": COMPLETE_EXAMPLE
    - {
        ("TFVPC005", "aws_instance.batch_xen_fail"),
        ("TFVPC008", "aws_vpc_peering_connection.legacy_fail"),
        ("TFVPC007", "aws_vpc_peering_connection.partner_pass"),
    },
}
FULL: dict[str, Findings] = {
    "module_list_index": MODULE_LIST_INDEX,
    "locals_vpc_id": LOCALS_VPC_ID,
    "count_index_arithmetic": COUNT_INDEX_ARITHMETIC,
    "for_each_id_map": FOR_EACH_ID_MAP,
    "complete_example": COMPLETE_EXAMPLE,
}
# The endpoint a TFVPC005 finding must name (EXPECTED.md), by instance.
ENDPOINTS = {
    "aws_instance.worker_xen_fail": "aws_vpc_endpoint.partner_ssm",
    "aws_instance.legacy_xen_fail": "aws_vpc_endpoint.ssm",
    "aws_instance.batch_xen_fail": "aws_vpc_endpoint.partner_ecr",
}
MODES = ("hcl", "plan", "found", "plan+src")


def _request(cause: str, mode: str) -> LintRequest:
    folder = ROOT / cause
    if mode == "hcl":
        return LintRequest(paths=(str(folder),))
    plan = str(folder / "plan.json")
    if mode == "plan":
        return LintRequest(paths=(plan,), find_source_dir=False)
    if mode == "found":
        return LintRequest(paths=(plan,))
    return LintRequest(paths=(plan,), source_dir=str(folder))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("cause", sorted(FULL))
def test_each_mode_finds_exactly_what_expected_md_lists(cause: str, mode: str) -> None:
    result = lint(_request(cause, mode))
    assert result.errors == ()
    got = {(d.rule_id, d.address) for d in result.diagnostics}
    want = PLAN_ALONE[cause] if mode == "plan" else FULL[cause]
    assert got == want
    for finding in result.diagnostics:
        if finding.rule_id == "TFVPC005":
            assert ENDPOINTS[finding.address] in finding.message


@pytest.mark.parametrize("cause", sorted(FULL))
def test_a_plan_beside_its_source_says_it_used_it(cause: str) -> None:
    notices = lint(_request(cause, "found")).notices
    used = [n for n in notices if f"modules17/{cause} as --source-dir" in n]
    assert len(used) == 1, notices
    assert used[0].endswith("--no-source-dir lints the plan alone")
    assert not any("--source-dir" in n for n in lint(_request(cause, "plan")).notices)


def _topology(cause: str, mode: str) -> Topology:
    inventories, errors = load_inputs(_request(cause, mode))
    assert errors == []
    return build(inventories[0])


@pytest.mark.parametrize("mode", ["hcl", "found", "plan+src"])
def test_complete_example_links_every_subnet_to_the_module_vpc(mode: str) -> None:
    topology = _topology("complete_example", mode)
    module_subnets = [s for s in topology.subnets if s.address.startswith("module.vpc.")]
    assert len(module_subnets) == 6
    assert {s.vpc for s in module_subnets} == {"module.vpc.aws_vpc.this[0]"}


@pytest.mark.parametrize("mode", ["plan", "found", "plan+src"])
def test_count_index_arithmetic_is_never_read_as_the_plain_index(mode: str) -> None:
    topology = _topology("count_index_arithmetic", mode)
    placed = {i.address: i.subnet for i in topology.instances}
    if mode == "plan":  # the plan alone cannot tell [1 - count.index] from [count.index]
        assert placed == {"aws_instance.node[0]": None, "aws_instance.node[1]": None}
    else:  # the HCL evaluates the arithmetic and corrects the plan's reading
        assert placed == {
            "aws_instance.node[0]": "aws_subnet.zone[1]",
            "aws_instance.node[1]": "aws_subnet.zone[0]",
        }


@pytest.mark.parametrize("mode", ["plan", "found"])
def test_module_list_output_elements_pick_the_indexed_subnet(mode: str) -> None:
    topology = _topology("module_list_index", mode)
    placed = {i.address: i.subnet for i in topology.instances}
    placed.update({n.address: n.subnet for n in topology.network_interfaces})
    assert placed == {
        "aws_instance.worker": "module.vpc.aws_subnet.private[0]",
        "aws_instance.standby": "module.vpc.aws_subnet.private[2]",
        "aws_network_interface.replication_fail": "module.vpc.aws_subnet.private[1]",
        "aws_network_interface.management_pass": "module.vpc.aws_subnet.private[0]",
        "aws_network_interface.standby_data": "module.vpc.aws_subnet.private[0]",
    }
