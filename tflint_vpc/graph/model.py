"""A topology and its diagnostics -> the drawable `Graph` (types.py).

Every VPC, transit gateway (with its route tables), VPN and endpoint is a node; a subnet is a
node inside its VPC when the picture is small enough (`MAX_SUBNETS`); a peering, a TGW
attachment and a VPN's attachment are edges. A finding is drawn on the node or edge its
address belongs to (a route on its table's VPC, an instance on its subnet or VPC, a peering's
accepter on the peering); one whose address is none of those is drawn on its first related
address that is, else listed in the picture's findings note: every finding is in the picture.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tflint_vpc.diagnostic import Diagnostic
from tflint_vpc.graph.types import (
    CONTAINS,
    ENDPOINT,
    EXTERNAL,
    PEERING,
    SUBNET,
    TGW_ATTACHMENT,
    TGW_ROUTE_TABLE,
    TGW_ROUTE_TABLE_OF,
    TRANSIT_GATEWAY,
    VPC,
    VPN,
    VPN_ATTACHMENT,
    Edge,
    Finding,
    Graph,
    Node,
)
from tflint_vpc.model import PeeringConnection, Topology, Vpc
from tflint_vpc.routing import Routing, routing_of

MAX_SUBNETS = 60  # subnets drawn in all; beyond, a VPC stands for its subnets
MAX_SUBNETS_PER_VPC = 8
MAX_PREFIXES = 3  # routed prefixes written on a peering edge; then "+N more"


def build_graph(topology: Topology, diagnostics: Sequence[Diagnostic]) -> Graph:
    """The whole topology as nodes and edges, with every diagnostic placed on it."""
    nodes: dict[str, Node] = {}
    edges: dict[str, Edge] = {}
    owner: dict[str, str] = {}  # any address -> the id of the node or edge that shows it
    draw_subnets = _draw_subnets(topology)
    for vpc in topology.vpcs:
        nodes[vpc.address] = Node(vpc.address, VPC, vpc_label(vpc))
        owner[vpc.address] = vpc.address
        for table in topology.route_tables_of(vpc.address):
            owner[table.address] = vpc.address
    for subnet in topology.subnets:
        where = subnet.vpc if subnet.vpc in nodes else None
        if draw_subnets and where is not None:
            cidr = str(subnet.cidr) if subnet.cidr is not None else "unknown CIDR"
            label = f"{_name(subnet.address, subnet.tags)}\n{cidr}"
            nodes[subnet.address] = Node(subnet.address, SUBNET, label, parent=where)
            owner[subnet.address] = subnet.address
        elif where is not None:
            owner[subnet.address] = where
    for table in topology.route_tables:
        if table.vpc in nodes:
            owner.setdefault(table.address, table.vpc)
    for route in topology.routes:
        place = owner.get(route.route_table or "")
        if place is not None:
            owner[route.address] = place
            owner.setdefault(route.declared_by, place)
    for eni in topology.network_interfaces:
        _own(owner, eni.address, eni.subnet)
    for attachment in topology.eni_attachments:
        _own(owner, attachment.declared_by, attachment.network_interface)
    for instance in topology.instances:
        home = topology.instance_subnet(instance)
        _own(owner, instance.address, None if home is None else home.address)
    for endpoint in topology.endpoints:
        service = (endpoint.service_name or "unknown service").rsplit(".", 1)[-1]
        kind = endpoint.endpoint_type or "endpoint"
        label = f"{_short(endpoint.address)}\n{kind}: {service}"
        nodes[endpoint.address] = Node(endpoint.address, ENDPOINT, label, parent=None)
        owner[endpoint.address] = endpoint.address
        if endpoint.vpc in nodes:
            edges[endpoint.address + "#vpc"] = Edge(
                endpoint.address + "#vpc", CONTAINS, endpoint.vpc, endpoint.address
            )
    _peerings(topology, nodes, edges, owner)
    _transit(topology, nodes, edges, owner)
    findings = tuple(_place(d, owner) for d in diagnostics)
    return Graph(tuple(nodes.values()), tuple(edges.values()), findings, places=owner)


def _draw_subnets(topology: Topology) -> bool:
    if len(topology.subnets) > MAX_SUBNETS:
        return False
    return all(len(topology.subnets_of(v.address)) <= MAX_SUBNETS_PER_VPC for v in topology.vpcs)


def _own(owner: dict[str, str], address: str, via: str | None) -> None:
    place = owner.get(via or "")
    if place is not None:
        owner[address] = place


def _peerings(
    topology: Topology, nodes: dict[str, Node], edges: dict[str, Edge], owner: dict[str, str]
) -> None:
    routing = routing_of(topology)
    for peering in topology.peerings:
        source = _end(nodes, peering.requester, peering.requester_vpc_id)
        target = _end(nodes, peering.accepter, peering.accepter_vpc_id)
        edges[peering.address] = Edge(
            peering.address, PEERING, source, target, _peering_label(peering, routing)
        )
        owner[peering.address] = peering.address
        for accepter in peering.accepter_resources:
            owner[accepter] = peering.address


def _end(nodes: dict[str, Node], address: str | None, vpc_id: str | None) -> str:
    """The node of one side of a peering; a VPC outside the input becomes an external node."""
    if address is not None and address in nodes:
        return address
    key = f"external:{address or vpc_id or 'unknown VPC'}"
    if key not in nodes:
        label = f"{address or vpc_id or 'unknown VPC'}\n(not in the input)"
        nodes[key] = Node(key, EXTERNAL, label)
    return key


def _peering_label(peering: PeeringConnection, routing: Routing) -> str:
    """`peering name: prefixes routed over it` (the routing layer's routes to the peering)."""
    routes = routing.routes_to_peering(peering)
    prefixes = list(dict.fromkeys(str(r.destination) for r in routes if r.destination))
    shown = ", ".join(prefixes[:MAX_PREFIXES])
    if len(prefixes) > MAX_PREFIXES:
        shown += f" +{len(prefixes) - MAX_PREFIXES} more"
    return f"{_short(peering.address)}\n{shown or 'no known route'}"


def _transit(
    topology: Topology, nodes: dict[str, Node], edges: dict[str, Edge], owner: dict[str, str]
) -> None:
    for tgw in topology.transit_gateways:
        nodes[tgw.address] = Node(tgw.address, TRANSIT_GATEWAY, f"{_short(tgw.address)}\nTGW")
        owner[tgw.address] = tgw.address
    routes_by_attachment: dict[str, list[str]] = {}
    for route in topology.tgw_routes:
        if route.route_table is not None and route.attachment is not None:
            text = "blackhole" if route.blackhole else str(route.destination or "?")
            routes_by_attachment.setdefault(route.attachment, []).append(text)
    for table in topology.tgw_route_tables:
        nodes[table.address] = Node(table.address, TGW_ROUTE_TABLE, _short(table.address))
        owner[table.address] = table.address
        if table.transit_gateway in nodes:
            edges[table.address + "#tgw"] = Edge(
                table.address + "#tgw", TGW_ROUTE_TABLE_OF, table.transit_gateway, table.address
            )
    for route in topology.tgw_routes:
        _own(owner, route.address, route.route_table)
    for att in topology.tgw_vpc_attachments:
        vpc = _end(nodes, att.vpc, None)
        gateway = att.transit_gateway if att.transit_gateway in nodes else None
        if gateway is None:
            gateway = f"external:{att.transit_gateway or 'unknown transit gateway'}"
            nodes.setdefault(gateway, Node(gateway, EXTERNAL, f"{gateway[9:]}\n(not in the input)"))
        carried = routes_by_attachment.get(att.address, [])
        label = _short(att.address)
        if carried:
            label += "\n" + ", ".join(carried[:MAX_PREFIXES])
            if len(carried) > MAX_PREFIXES:
                label += f" +{len(carried) - MAX_PREFIXES} more"
        edges[att.address] = Edge(att.address, TGW_ATTACHMENT, vpc, gateway, label)
        owner[att.address] = att.address
    for vpn in topology.vpn_connections:
        nodes[vpn.address] = Node(vpn.address, VPN, f"{_short(vpn.address)}\nVPN")
        owner[vpn.address] = vpn.address
        ends = vpn.transit_gateway or vpn.vpn_gateway
        if ends is not None and ends in nodes:
            edges[vpn.address + "#gw"] = Edge(
                vpn.address + "#gw", VPN_ATTACHMENT, vpn.address, ends
            )


def _place(d: Diagnostic, owner: dict[str, str]) -> Finding:
    on = None
    for address in (d.address, *d.related):
        on = owner.get(address)
        if on is not None:
            break
    return Finding(d.rule_id, d.severity.value, d.address, d.message, on)


def vpc_label(vpc: Vpc) -> str:
    blocks = [str(c.network) for c in vpc.cidrs]
    if not vpc.cidrs_complete:
        blocks.append("unknown block")
    return f"{_name(vpc.address, vpc.tags)}\n{', '.join(blocks) or 'unknown CIDR'}"


def _name(address: str, tags: Mapping[str, str]) -> str:
    name = tags.get("Name")
    short = _short(address)
    return f"{name} ({short})" if isinstance(name, str) and name and name != short else short


def _short(address: str) -> str:
    """The name drawn for a resource: its whole address (unique, and what findings and
    `--around` name); one place to change should labels ever shorten it."""
    return address
