"""Synthetic `terraform show -json` plans of any number of VPCs, in the shape of a real one.

    python benchmarks/generate_plan.py --vpcs 1000 plan-1000.json

The estate: hubs (one per 100 VPCs, at least two) in a partial mesh of peerings (a ring plus
chords), and spokes in one `module "spokes_hNNNN"` call per hub (for_each over `var.spokes`),
each spoke a VPC with two subnets, a route table with an inline route to its hub, the hub's
return `aws_route`, two route table associations, a peering with its hub, an instance with a
second ENI and its attachment, and an S3 gateway endpoint; each hub has a subnet, an internet
gateway, a route table and an interface endpoint. Every resource is being created, so ids are
unknown and links exist only as `configuration` references, as in a first `terraform apply`.

Every entry is cut from `shape/plan.json`, a real plan of `shape/main.tf` made with
tools/tf-plan (Terraform 1.11.4, AWS provider 5.100.0): the generator replaces names, CIDRs
and indexes in the real JSON text, so attribute sets, `after_unknown`/`*_sensitive`
structures, module-relative configuration addresses and reference lists are Terraform's own.
tests/test_benchmark_shape.py checks that.

Planted mistakes, so that a benchmark run also checks the answer (written to OUT's
`.expected.json` sibling, and by `expected_findings()`):
- TFVPC001: the second spoke of every fifth hub takes a /24 of its hub's range, and the last
  hub's range lies inside hub 0's, with a mesh peering between them;
- TFVPC009: each of those overlaps also puts a peering route (hub 0's mesh route to the last
  hub, the hub's return route to the spoke) inside the routing VPC's own block;
- TFVPC010: a hub peered with hub 0 that also routes a range inside hub 0's to another
  peering (the last hub's, or a planted spoke of the last hub) shadows part of hub 0;
- TFVPC004: the third spoke of every third hub has a second ENI (inline `attachment`) in the
  subnet of the other AZ;
- TFVPC005: the fourth spoke of every second hub runs an m4 (Xen) instance, whose route to the
  hub reaches the hub's interface endpoint over the peering. Planted, but not expected: the
  links it needs (`aws_subnet.this[count.index]`, `aws_vpc.hub[count.index]`) keep in plan JSON
  only the references `[1 - count.index]` would keep too, so a plan linted without its HCL
  leaves them unknown (issue 17) and these instances unflagged.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import math
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SHAPE_PLAN = Path(__file__).resolve().parent / "shape" / "plan.json"
VPCS_PER_HUB = 100
POOL = ipaddress.IPv4Network("10.0.0.0/8")
BLOCK_PREFIX = 22  # every VPC gets its own /22 of 10.0.0.0/8 (16,384 of them)
NITRO_TYPE = "m5.large"
XEN_TYPE = "m4.large"

JsonObject = dict[str, Any]  # raw plan JSON, as json.loads returns it


@dataclass(frozen=True)
class Spoke:
    name: str
    hub: int
    cidr: str
    instance_type: str
    cross_az_eni: bool


@dataclass(frozen=True)
class Estate:
    hub_cidrs: tuple[str, ...]
    spokes: tuple[Spoke, ...]
    mesh: tuple[tuple[int, int], ...]  # peered hub pairs (a < b)
    expected: Mapping[str, int]  # planted findings a plan linted alone finds, by rule code


def _mesh(hubs: int) -> list[tuple[int, int]]:
    """A partial mesh: the ring, plus a chord two hubs ahead from every fourth hub."""
    pairs = {tuple(sorted((i, (i + 1) % hubs))) for i in range(hubs)}
    if hubs >= 5:
        pairs |= {tuple(sorted((i, (i + 2) % hubs))) for i in range(0, hubs, 4)}
    return sorted((a, b) for a, b in pairs if a != b)


def design(vpcs: int, per_hub: int = VPCS_PER_HUB) -> Estate:
    """The estate of `vpcs` VPCs (hubs included) and the findings planted in it."""
    hubs = max(2, math.ceil(vpcs / per_hub))
    if vpcs < 2 * hubs:
        raise ValueError(f"need at least {2 * hubs} VPCs for {hubs} hubs with spokes")
    capacity = 2 ** (BLOCK_PREFIX - POOL.prefixlen)
    if vpcs > capacity:
        raise ValueError(f"at most {capacity} VPCs fit in {POOL} as /{BLOCK_PREFIX}s")
    blocks = POOL.subnets(new_prefix=BLOCK_PREFIX)
    hub_cidrs = [str(next(blocks)) for _ in range(hubs)]
    # Planted: the last hub inside hub 0's range (they are peered by the ring).
    hub0 = ipaddress.IPv4Network(hub_cidrs[0])
    hub_cidrs[-1] = str(list(hub0.subnets(prefixlen_diff=1))[1])
    spoke_count = vpcs - hubs
    width = max(4, len(str(spoke_count)))
    spokes: list[Spoke] = []
    planted = {"TFVPC001": 1, "TFVPC004": 0, "TFVPC005": 0}
    for j in range(spoke_count):
        hub = j * hubs // spoke_count  # contiguous groups of even size
        position = j - -(-hub * spoke_count // hubs)  # j minus the first spoke of the group
        cidr = str(next(blocks))
        if position == 1 and hub % 5 == 0:
            cidr = str(next(ipaddress.IPv4Network(hub_cidrs[hub]).subnets(new_prefix=24)))
            planted["TFVPC001"] += 1
        cross_az = position == 2 and hub % 3 == 0
        xen = position == 3 and hub % 2 == 0
        planted["TFVPC004"] += cross_az
        planted["TFVPC005"] += xen
        spokes.append(
            Spoke(
                name=f"s{j + 1:0{width}d}",
                hub=hub,
                cidr=cidr,
                instance_type=XEN_TYPE if xen else NITRO_TYPE,
                cross_az_eni=cross_az,
            )
        )
    # Each overlap also routes the inner VPC's range over the peering from inside the outer
    # VPC's own block (hub 0's mesh route, the hub's return route), which AWS refuses.
    planted["TFVPC009"] = planted["TFVPC001"]
    mesh = _mesh(hubs)
    # A hub peered with hub 0 routes hub 0's range to that peering, and to other peerings the
    # ranges it reaches through them (mesh neighbours, its spokes); one inside hub 0's range
    # (the last hub's, a planted spoke of the last hub) leaves hub 0's hosts there unreachable.
    pairs = {frozenset(pair) for pair in mesh}
    shadowed = 0
    for x in range(1, hubs):
        if {0, x} not in pairs:
            continue
        routed = [hub_cidrs[y] for y in range(1, hubs) if y != x and {x, y} in pairs]
        routed += [s.cidr for s in spokes if s.hub == x]
        shadowed += sum(ipaddress.IPv4Network(c).subnet_of(hub0) for c in routed)
    if shadowed:
        planted["TFVPC010"] = shadowed
    # TFVPC005, 009 and 010 need the hubs' `aws_vpc.hub[count.index]` links, which a plan alone
    # cannot tell from `[1 - count.index]` (issue 17): planted, found with the HCL, not expected
    findable = {code: n for code, n in planted.items() if code in ("TFVPC001", "TFVPC004")}
    return Estate(tuple(hub_cidrs), tuple(spokes), tuple(mesh), findable)


def expected_findings(vpcs: int, per_hub: int = VPCS_PER_HUB) -> dict[str, int]:
    return dict(design(vpcs, per_hub).expected)


# --- templates cut from the real plan ---------------------------------------------------------

_PLACEHOLDER = re.compile(r"@([A-Z0-9_]+)@")

# The literal values of shape/main.tf that the generator replaces.
SHAPE_SPOKE = "s0002"  # hub 0's spoke with the Xen instance and the cross-AZ ENI
SHAPE_SPOKE_MODULE = "spokes_h0000"
SHAPE_SPOKE_CIDR = "10.0.8.0/22"
SHAPE_SPOKE_SUBNETS = ("10.0.8.0/24", "10.0.9.0/24")
SHAPE_HUB_CIDRS = ("10.0.0.0/22", "10.200.0.0/22")
SHAPE_HUB_SUBNET = "10.0.0.0/24"
SHAPE_MESH = "mesh_0_1"
SPARE_ENI = "aws_network_interface.spare[0]"  # only in spokes with a planted cross-AZ ENI

Replacements = list[tuple[str, str]]


@dataclass(frozen=True)
class Template:
    """Text split at @NAME@ placeholders: literal, name, literal, name, ..., literal."""

    parts: tuple[str, ...]

    @classmethod
    def make(cls, text: str, replacements: Replacements, used: set[str] | None = None) -> Template:
        for old, new in replacements:
            if old in text:
                text = text.replace(old, new)
                if used is not None:
                    used.add(old)
        return cls(tuple(_PLACEHOLDER.split(text)))

    def fill(self, values: Mapping[str, str]) -> str:
        parts = list(self.parts)
        for i in range(1, len(parts), 2):
            parts[i] = values[parts[i]]
        return "".join(parts)


def _compact(value: object) -> str:
    """Terraform's own JSON spelling: no spaces, non-ASCII kept."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _all_used(replacements: Replacements, used: set[str], what: str) -> None:
    missing = [old for old, _ in replacements if old not in used]
    if missing:
        raise ValueError(f"shape plan changed: {missing} not found in {what}")


@dataclass(frozen=True)
class Entry:
    """One resource instance: its address, resource_changes entry and planned_values entry."""

    address: Template
    change: Template
    planned: Template


def _module_tree(module: JsonObject) -> Iterator[JsonObject]:
    yield module
    for child in module.get("child_modules", []):
        yield from _module_tree(child)


class Shape:
    """The real plan, with its resource instances indexed by address."""

    def __init__(self, path: Path = SHAPE_PLAN) -> None:
        self.plan: JsonObject = json.loads(path.read_text(encoding="utf-8"))
        self.changes: dict[str, JsonObject] = {
            rc["address"]: rc for rc in self.plan["resource_changes"]
        }
        planned_values = self.plan["planned_values"]
        assert isinstance(planned_values, dict)
        self.planned: dict[str, JsonObject] = {
            r["address"]: r
            for module in _module_tree(planned_values["root_module"])
            for r in module.get("resources", [])
        }
        configuration = self.plan["configuration"]
        assert isinstance(configuration, dict)
        self.root_config: JsonObject = configuration["root_module"]
        self.config_resources: dict[str, JsonObject] = {
            r["address"]: r for r in self.root_config["resources"]
        }

    def entries(self, addresses: list[str], replacements: Replacements) -> list[Entry]:
        used: set[str] = set()
        found = [
            Entry(
                address=Template.make(address, replacements),
                change=Template.make(_compact(self.changes[address]), replacements, used),
                planned=Template.make(_compact(self.planned[address]), replacements, used),
            )
            for address in addresses
        ]
        if not found:
            raise ValueError("shape plan changed: no resources where expected")
        _all_used(replacements, used, f"{addresses[0]}...")
        return found

    def config(self, value: object, replacements: Replacements) -> Template:
        used: set[str] = set()
        template = Template.make(_compact(value), replacements, used)
        _all_used(replacements, used, "configuration")
        return template


@dataclass(frozen=True)
class Templates:
    shape: Shape
    spoke: list[Entry]  # one spoke, the planted spare ENI included (address suffix SPARE_ENI)
    hub: list[Entry]
    mesh_peering: list[Entry]
    mesh_route: list[Entry]
    module_call: Template
    mesh_peering_config: Template
    mesh_route_config: Template


@cache
def templates(path: Path = SHAPE_PLAN) -> Templates:
    shape = Shape(path)
    spoke_module = f'module.{SHAPE_SPOKE_MODULE}["{SHAPE_SPOKE}"].'
    mesh_peering = f"aws_vpc_peering_connection.{SHAPE_MESH}"
    mesh_route = f"aws_route.{SHAPE_MESH}"
    return Templates(
        shape=shape,
        spoke=shape.entries(
            [a for a in shape.changes if a.startswith(spoke_module)],
            [
                (SHAPE_SPOKE_MODULE, "@MODULE@"),
                (SHAPE_SPOKE, "@NAME@"),
                (f'"{SHAPE_SPOKE_CIDR}"', '"@CIDR@"'),
                (f'"{SHAPE_SPOKE_SUBNETS[0]}"', '"@SUBNET0@"'),
                (f'"{SHAPE_SPOKE_SUBNETS[1]}"', '"@SUBNET1@"'),
                (f'"{SHAPE_HUB_CIDRS[0]}"', '"@HUB_CIDR@"'),
                (f'"{XEN_TYPE}"', '"@INSTANCE_TYPE@"'),
            ],
        ),
        hub=shape.entries(
            [a for a in shape.changes if not a.startswith("module.") and a.endswith("[0]")],
            [
                ("[0]", "[@H@]"),
                ('"index":0,', '"index":@H@,'),
                ('"hub-0"', '"hub-@H@"'),
                (f'"{SHAPE_HUB_CIDRS[0]}"', '"@HUB_CIDR@"'),
                (f'"{SHAPE_HUB_SUBNET}"', '"@HUB_SUBNET@"'),
            ],
        ),
        mesh_peering=shape.entries(
            [mesh_peering],
            [(SHAPE_MESH, "mesh_@A@_@B@"), ('"mesh-0-1"', '"mesh-@A@-@B@"')],
        ),
        mesh_route=shape.entries(
            [mesh_route],
            [(SHAPE_MESH, "mesh_@A@_@B@"), (f'"{SHAPE_HUB_CIDRS[1]}"', '"@DEST@"')],
        ),
        module_call=shape.config(
            shape.root_config["module_calls"][SHAPE_SPOKE_MODULE],
            [
                ("aws_vpc.hub[0]", "aws_vpc.hub[@H@]"),
                ("aws_route_table.hub[0]", "aws_route_table.hub[@H@]"),
            ],
        ),
        mesh_peering_config=shape.config(
            shape.config_resources[mesh_peering],
            [
                (SHAPE_MESH, "mesh_@A@_@B@"),
                ('"mesh-0-1"', '"mesh-@A@-@B@"'),
                ("aws_vpc.hub[0]", "aws_vpc.hub[@A@]"),
                ("aws_vpc.hub[1]", "aws_vpc.hub[@B@]"),
            ],
        ),
        mesh_route_config=shape.config(
            shape.config_resources[mesh_route],
            [
                (mesh_peering, "aws_vpc_peering_connection.@PAIR@"),
                (SHAPE_MESH, "mesh_@A@_@B@"),
                ("aws_route_table.hub[0]", "aws_route_table.hub[@A@]"),
                ("aws_vpc.hub[1]", "aws_vpc.hub[@B@]"),
            ],
        ),
    )


# --- assembly ---------------------------------------------------------------------------------


def _subnet(cidr: str, index: int) -> str:
    """Terraform's cidrsubnet(cidr, 2, index)."""
    network = ipaddress.IPv4Network(cidr)
    size = network.num_addresses >> 2
    return str(
        ipaddress.IPv4Network((int(network.network_address) + index * size, network.prefixlen + 2))
    )


def _module_name(hub: int) -> str:
    return f"spokes_h{hub:04d}"


def generate(vpcs: int, per_hub: int = VPCS_PER_HUB) -> str:
    """The plan JSON text of an estate of `vpcs` VPCs (one line, as `terraform show -json`)."""
    estate = design(vpcs, per_hub)
    t = templates()
    changes: list[tuple[str, str]] = []  # (address, resource_changes entry)
    root_planned: list[tuple[str, str]] = []
    child_modules: dict[str, list[tuple[str, str]]] = {}
    relevant: list[JsonObject] = []

    def add(entry: Entry, values: Mapping[str, str], module: str | None = None) -> None:
        address = entry.address.fill(values)
        changes.append((address, entry.change.fill(values)))
        planned = (address, entry.planned.fill(values))
        if module is None:
            root_planned.append(planned)
        else:
            child_modules.setdefault(module, []).append(planned)

    for h, cidr in enumerate(estate.hub_cidrs):
        values = {"H": str(h), "HUB_CIDR": cidr, "HUB_SUBNET": _subnet(cidr, 0)}
        for entry in t.hub:
            add(entry, values)
        relevant += [
            {"resource": f"aws_vpc.hub[{h}]", "attribute": ["id"]},
            {"resource": f"aws_vpc.hub[{h}]", "attribute": ["cidr_block"]},
            {"resource": f"aws_route_table.hub[{h}]", "attribute": ["id"]},
        ]
    relevant += [
        {"resource": f"{kind}.hub", "attribute": []}
        for kind in ("aws_internet_gateway", "aws_route_table", "aws_subnet", "aws_vpc")
    ]

    mesh_config: list[tuple[str, str]] = []
    for a, b in estate.mesh:
        pair = {"A": str(a), "B": str(b)}
        for entry in t.mesh_peering:
            add(entry, pair)
        mesh_config.append(
            (f"aws_vpc_peering_connection.mesh_{a}_{b}", t.mesh_peering_config.fill(pair))
        )
        relevant.append(
            {"resource": f"aws_vpc_peering_connection.mesh_{a}_{b}", "attribute": ["id"]}
        )
        for src, dst in ((a, b), (b, a)):
            route = {
                "A": str(src),
                "B": str(dst),
                "DEST": estate.hub_cidrs[dst],
                "PAIR": f"mesh_{a}_{b}",
            }
            for entry in t.mesh_route:
                add(entry, route)
            mesh_config.append((f"aws_route.mesh_{src}_{dst}", t.mesh_route_config.fill(route)))

    for spoke in estate.spokes:
        module = _module_name(spoke.hub)
        instance = f'module.{module}["{spoke.name}"]'
        values = {
            "MODULE": module,
            "NAME": spoke.name,
            "CIDR": spoke.cidr,
            "SUBNET0": _subnet(spoke.cidr, 0),
            "SUBNET1": _subnet(spoke.cidr, 1),
            "HUB_CIDR": estate.hub_cidrs[spoke.hub],
            "INSTANCE_TYPE": spoke.instance_type,
        }
        for entry in t.spoke:
            if spoke.cross_az_eni or not entry.address.parts[-1].endswith(SPARE_ENI):
                add(entry, values, instance)
        relevant += [
            {"resource": f"{instance}.{r}", "attribute": ["id"]}
            for r in (
                "aws_vpc.this",
                "aws_subnet.this[0]",
                "aws_route_table.this",
                "aws_vpc_peering_connection.to_hub",
                "aws_instance.this",
                "aws_network_interface.this",
            )
        ]
        relevant.append({"resource": f"{instance}.aws_subnet.this", "attribute": []})

    return _assemble(estate, t, changes, root_planned, child_modules, mesh_config, relevant)


def _array(items: list[tuple[str, str]]) -> str:
    return "[" + ",".join(text for _, text in sorted(items)) + "]"


def _assemble(
    estate: Estate,
    t: Templates,
    changes: list[tuple[str, str]],
    root_planned: list[tuple[str, str]],
    child_modules: dict[str, list[tuple[str, str]]],
    mesh_config: list[tuple[str, str]],
    relevant: list[JsonObject],
) -> str:
    shape = t.shape.plan
    hubs = len(estate.hub_cidrs)
    spokes = {
        s.name: {
            "cidr": s.cidr,
            "cross_az_eni": s.cross_az_eni,
            "hub": s.hub,
            "instance_type": s.instance_type,
        }
        for s in estate.spokes
    }
    variables = {
        "azs": shape["variables"]["azs"],
        "hub_cidrs": {"value": list(estate.hub_cidrs)},
        "spokes": {"value": spokes},
    }
    root_config = dict(t.shape.root_config)
    config_variables = dict(root_config["variables"])
    config_variables["hub_cidrs"] = {"default": list(estate.hub_cidrs)}
    config_variables["spokes"] = {**config_variables["spokes"], "default": spokes}
    hub_config = [
        (address, _compact(r))
        for address, r in t.shape.config_resources.items()
        if ".mesh_" not in address  # the mesh is generated, pair by pair
    ]
    module_calls = ",".join(
        f'"{_module_name(h)}":' + t.module_call.fill({"H": str(h)})
        for h in sorted({s.hub for s in estate.spokes})
    )
    child_text = ",".join(
        '{"resources":' + _array(resources) + ',"address":' + _compact(address) + "}"
        for address, resources in sorted(child_modules.items())
    )
    sections = {
        "format_version": _compact(shape["format_version"]),
        "terraform_version": _compact(shape["terraform_version"]),
        "variables": _compact(variables),
        "planned_values": '{"outputs":'
        + _compact(shape["planned_values"]["outputs"])
        + ',"root_module":{"resources":'
        + _array(root_planned)
        + ',"child_modules":['
        + child_text
        + "]}}",
        "resource_changes": _array(changes),
        "output_changes": _compact(
            {
                "hub_vpc_ids": {
                    "actions": ["create"],
                    "before": None,
                    "after": [None] * hubs,
                    "after_unknown": [True] * hubs,
                    "before_sensitive": False,
                    "after_sensitive": False,
                }
            }
        ),
        "configuration": '{"provider_config":'
        + _compact(shape["configuration"]["provider_config"])
        + ',"root_module":{"outputs":'
        + _compact(root_config["outputs"])
        + ',"resources":'
        + _array(hub_config + mesh_config)
        + ',"module_calls":{'
        + module_calls
        + '},"variables":'
        + _compact(config_variables)
        + "}}",
        "relevant_attributes": _compact(relevant),
    }
    fields = [
        f'"{key}":' + (sections[key] if key in sections else _compact(value))
        for key, value in shape.items()
    ]
    return "{" + ",".join(fields) + "}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vpcs", type=int, required=True, help="number of VPCs, hubs included")
    parser.add_argument(
        "--vpcs-per-hub",
        type=int,
        default=VPCS_PER_HUB,
        help="hub size (default %(default)s); a large one stresses per-hub work",
    )
    parser.add_argument("out", type=Path, help="plan JSON to write ('-' for stdout)")
    args = parser.parse_args(argv)
    text = generate(args.vpcs, args.vpcs_per_hub)
    expected = json.dumps(
        {"vpcs": args.vpcs, "findings": expected_findings(args.vpcs, args.vpcs_per_hub)}, indent=2
    )
    if str(args.out) == "-":
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        args.out.with_suffix(".expected.json").write_text(expected + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
