"""Inventory -> Topology: the one builder every front end goes through.

Reads the resource instances of an `Inventory` (values shaped like plan JSON `after` values, with
`UNKNOWN` and `Ref` markers) and builds the frozen `Topology` the rules read, one module per
domain. Links between nodes go through one resolver (`links.LinkResolver`) that never guesses:
an unknown or ambiguous link is `None`. Every step is a pass over the instances of a few types
plus dict lookups, so the build is linear in the number of instances (apart from sorting); no
pairwise scans. Values of the wrong shape are treated as unknown, never raised on.
"""

from __future__ import annotations

from tflint_vpc.build import (
    clouds,
    dns,
    endpoints,
    instances,
    peerings,
    routes,
    subnets,
    transit,
    vpcs,
    vpn,
)
from tflint_vpc.build.context import Context
from tflint_vpc.gc_pause import collector_paused
from tflint_vpc.inventory import Inventory
from tflint_vpc.model import Topology

# Every resource and data source type the builder reads: the HCL front end's schema facts
# (`data/aws_schema_facts.json`) are generated for exactly these.
READ_TYPES: frozenset[str] = (
    vpcs.READS
    | subnets.READS
    | peerings.READS
    | routes.READS
    | instances.READS
    | endpoints.READS
    | transit.READS
    | vpn.READS
    | dns.READS
    | clouds.READS
)

__all__ = ["READ_TYPES", "build"]


@collector_paused()  # the topology is acyclic and lives until the end of the lint
def build(inventory: Inventory) -> Topology:
    """Build the topology of one input. Never raises on odd values; unknown stays unknown."""
    ctx = Context(inventory)
    # Derived links first, so that every later step follows them.
    vpn.register_vpn_attachments(ctx)
    dns.register_zone_ids(ctx)
    default_tables = routes.register_default_tables(ctx)
    # Then the nodes, each domain from what the earlier ones returned.
    vpc_nodes = vpcs.build_vpcs(ctx)
    peering_nodes = peerings.build_peerings(ctx)
    route_tables, route_nodes = routes.build_route_tables(ctx, default_tables)
    subnet_tables, unknown_subnet_tables = routes.subnet_route_tables(ctx)
    main_tables, unknown_main_tables = routes.main_route_tables(ctx, default_tables)
    instance_nodes, instance_attachments = instances.build_instances(ctx)
    enis, eni_attachments = instances.build_enis(ctx, instance_attachments)
    tgw_links = transit.build_tgw_table_links(ctx)
    tgw_attachments = transit.build_tgw_vpc_attachments(ctx)
    vpn_connections = vpn.build_vpn_connections(ctx)
    cloud_networks = clouds.build_cloud_networks(ctx)
    cloud_gateways = clouds.build_cloud_gateways(ctx, cloud_networks)
    return Topology(
        vpcs=tuple(vpc_nodes.values()),
        subnets=subnets.build_subnets(ctx),
        route_tables=route_tables,
        routes=route_nodes,
        peerings=peering_nodes,
        instances=instance_nodes,
        network_interfaces=enis,
        eni_attachments=eni_attachments,
        endpoints=endpoints.build_endpoints(ctx),
        transit_gateways=transit.build_transit_gateways(ctx, route_nodes),
        tgw_vpc_attachments=tgw_attachments,
        tgw_route_tables=transit.build_tgw_route_tables(ctx),
        tgw_routes=transit.build_tgw_routes(ctx),
        vpn_connections=vpn_connections,
        subnet_route_table=subnet_tables,
        main_route_table=main_tables,
        unknown_route_table_subnets=unknown_subnet_tables,
        unknown_main_route_table_vpcs=unknown_main_tables,
        resource_count=ctx.count,
        tgw_associations=tgw_links["association"],
        tgw_propagations=tgw_links["propagation"],
        tgw_peering_attachments=transit.build_tgw_peering_attachments(ctx),
        vpn_connection_routes=vpn.build_vpn_connection_routes(ctx),
        vpc_dns=dns.build_vpc_dns(ctx, vpc_nodes),
        private_hosted_zones=dns.build_private_zones(ctx),
        resolver_rules=dns.build_resolver_rules(ctx),
        peering_dns_options=dns.build_peering_dns_options(ctx),
        cloud_networks=cloud_networks,
        cloud_vpn_gateways=cloud_gateways,
        cloud_vpn_links=clouds.build_cloud_vpn_links(
            ctx, vpn_connections, tgw_attachments, cloud_gateways
        ),
    )
