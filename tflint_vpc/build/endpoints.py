"""VPC endpoints, with the subnets they name and those their subnet associations add."""

from __future__ import annotations

from tflint_vpc.build.context import Context, text
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.subnets import SUBNET_TYPES
from tflint_vpc.build.vpcs import VPC_TYPES
from tflint_vpc.inventory import Ref
from tflint_vpc.model import VpcEndpoint

ENDPOINT_TYPES = frozenset({"aws_vpc_endpoint"})
READS = ENDPOINT_TYPES | {"aws_vpc_endpoint_subnet_association"}


def build_endpoints(ctx: Context) -> tuple[VpcEndpoint, ...]:
    extra: dict[str, dict[str, None]] = {}
    partial: set[str] = set()
    for association in ctx.of({"aws_vpc_endpoint_subnet_association"}, data=False):
        values = instance_values(association)
        endpoint_address = ctx.node(values.get("vpc_endpoint_id"), ENDPOINT_TYPES)
        if endpoint_address is None:
            continue
        subnet = ctx.node(values.get("subnet_id"), SUBNET_TYPES)
        if subnet is None:
            partial.add(endpoint_address)
        else:
            extra.setdefault(endpoint_address, {})[subnet] = None
    endpoints = []
    for endpoint in ctx.of(ENDPOINT_TYPES):
        values = instance_values(endpoint)
        raw_type = ctx.value(values, "vpc_endpoint_type")
        endpoint_type = text(raw_type)
        if raw_type is None and endpoint.mode != "data":
            endpoint_type = "Gateway"  # the AWS and provider default
        raw_subnets = values.get("subnet_ids")
        subnets, complete = ctx.nodes(raw_subnets, SUBNET_TYPES)
        candidates: tuple[str, ...] = ()
        if isinstance(raw_subnets, Ref):
            # A plan gives a list built from references as one Ref to the instances it names:
            # one subnet is the list; several are candidates.
            resolution = ctx.resolver.resolve(raw_subnets, SUBNET_TYPES)
            if resolution.address is not None:
                subnets = (resolution.address,)
            elif not resolution.literals and not resolution.opaque:
                candidates = resolution.addresses
        merged = dict.fromkeys(subnets)
        merged.update(extra.get(endpoint.address, {}))
        endpoints.append(
            VpcEndpoint(
                address=endpoint.address,
                id=text(values.get("id")),
                vpc=ctx.node(values.get("vpc_id"), VPC_TYPES),
                endpoint_type=endpoint_type,
                service_name=ctx.text(values, "service_name"),
                subnets=tuple(merged),
                subnets_complete=complete and endpoint.address not in partial,
                private_dns=ctx.managed_default(endpoint, "private_dns_enabled", False),
                subnet_candidates=candidates,
            )
        )
    return tuple(endpoints)
