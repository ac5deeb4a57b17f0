"""The real front ends: plan, state and HCL of one configuration build the same links.

Hand-made inventories in the shapes front ends produce (tests/build_helpers.py); nothing may be
guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tflint_vpc.build import build
from tflint_vpc.model import Topology

# --- the real front ends --------------------------------------------------------------------

_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plans"


@dataclass(frozen=True)
class _Links:
    """What the builder linked, without the ids and regions only some inputs know."""

    vpcs: list[tuple[str, tuple[str, ...]]]
    subnets: list[tuple[str, str | None, str]]
    tables: list[tuple[str, str | None, bool]]
    routes: list[tuple[str, str | None, str, str, str | None]]
    peerings: list[tuple[str, str | None, str | None, tuple[str, ...]]]
    main: dict[str, str]
    associations: dict[str, str]


def _links(t: Topology) -> _Links:
    return _Links(
        vpcs=sorted((v.address, tuple(str(c.network) for c in v.cidrs)) for v in t.vpcs),
        subnets=sorted((s.address, s.vpc, str(s.cidr)) for s in t.subnets),
        tables=sorted((r.address, r.vpc, r.default) for r in t.route_tables),
        routes=sorted(
            (r.address, r.route_table, str(r.destination), r.target_kind.value, r.target)
            for r in t.routes
        ),
        peerings=sorted(
            (p.address, p.requester, p.accepter, p.accepter_resources) for p in t.peerings
        ),
        main=dict(t.main_route_table),
        associations=dict(t.subnet_route_table),
    )


def test_plan_state_and_hcl_of_one_configuration_build_the_same_links() -> None:
    from tflint_vpc.api import load_json_input
    from tflint_vpc.hcl import load_hcl

    plan_path = str(_FIXTURES / "peering_routes.json")
    plan = _links(build(load_json_input(plan_path, str(_FIXTURES / "peering_routes"))))
    state = _links(build(load_json_input(str(_FIXTURES / "peering_routes_state.json"))))
    (hcl_inventory,) = load_hcl([str(_FIXTURES / "peering_routes")]).inventories
    hcl = _links(build(hcl_inventory))
    assert plan == state == hcl
    # and the links are the right ones: the HCL names each inline route's own peering
    assert (
        "aws_route_table.hub.route[1]",
        "aws_route_table.hub",
        "10.2.0.0/16",
        "vpc_peering_connection",
        "aws_vpc_peering_connection.hub_b",
    ) in plan.routes
    assert plan.main == {"aws_vpc.hub": "aws_default_route_table.hub"}
    assert plan.associations == {"aws_subnet.hub": "aws_route_table.hub"}
    assert (
        "aws_vpc_peering_connection.hub_b",
        "aws_vpc.hub",
        "aws_vpc.spoke_b",
        ("aws_vpc_peering_connection_accepter.hub_b",),
    ) in plan.peerings


def test_plan_alone_keeps_the_peerings_of_a_merged_inline_reference_as_candidates() -> None:
    """Without --source-dir, a table whose inline routes name two peerings gets candidates,
    not a target picked by the peers' ranges (rules.md, "How traffic is routed")."""
    from tflint_vpc.api import load_json_input

    topology = build(load_json_input(str(_FIXTURES / "peering_routes.json")))
    hub = topology.routes_of("aws_route_table.hub")
    assert [(r.target, r.target_candidates) for r in hub] == [
        (None, ("aws_vpc_peering_connection.hub_a", "aws_vpc_peering_connection.hub_b")),
    ] * len(hub)
    # the default table's inline routes name one peering: that one, for certain
    (default,) = topology.routes_of("aws_default_route_table.hub")
    assert default.target == "aws_vpc_peering_connection.hub_a"
