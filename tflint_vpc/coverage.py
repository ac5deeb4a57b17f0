"""Coverage honesty: which network resources of an input tfvpc does not analyse.

"No findings" must never read as "checked": a resource of a network type the builder does not
read (another cloud's network, an AWS network type outside the model) is counted in one notice
per input. Network types are recognised by a fixed list of type-name prefixes; types that are
not network-ish (instances, buckets, IAM) are left out, and so is everything the builder reads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable

from tflint_vpc.inventory import Inventory, ResourceInstance

# Type-name prefixes of network resources (AWS VPC, transit, VPN, Direct Connect, DNS resolver;
# other clouds' networks). A prefix list, not a type list, so a type the provider adds later is
# counted rather than silently taken as checked.
NETWORK_PREFIXES = (
    "aws_ec2_",
    "aws_vpc",
    "aws_default_vpc",
    "aws_default_subnet",
    "aws_default_route_table",
    "aws_default_network_acl",
    "aws_subnet",
    "aws_route",
    "aws_nat_",
    "aws_network_",
    "aws_networkfirewall_",
    "aws_dx_",
    "aws_vpn_",
    "aws_customer_gateway",
    "aws_internet_gateway",
    "aws_egress_only_internet_gateway",
    "azurerm_",
    "google_compute_",
    "alicloud_",
)
# Route 53 shares the `aws_route` prefix; of it only the Resolver is network plumbing (records,
# health checks and the like are not topology).
_NOT_NETWORK_PREFIXES = ("aws_route53_",)
_NETWORK_EXCEPTIONS = ("aws_route53_resolver_",)
# Types named by the notice before "... and N more types".
MAX_TYPES_SHOWN = 10


def is_network_type(resource_type: str) -> bool:
    if resource_type.startswith(_NOT_NETWORK_PREFIXES) and not resource_type.startswith(
        _NETWORK_EXCEPTIONS
    ):
        return False
    return resource_type.startswith(NETWORK_PREFIXES)


def unanalysed(instances: Iterable[ResourceInstance], read_types: Collection[str]) -> Counter[str]:
    """Managed resource instances of network types the builder does not read, by type."""
    counts: Counter[str] = Counter()
    for instance in instances:
        if not isinstance(instance, ResourceInstance) or instance.mode != "managed":
            continue
        resource_type = instance.type
        if not isinstance(resource_type, str) or resource_type in read_types:
            continue
        if is_network_type(resource_type):
            counts[resource_type] += 1
    return counts


def notice(inventory: Inventory, read_types: Collection[str]) -> str | None:
    """One line counting the input's unanalysed network resources; None when there are none."""
    instances = inventory.instances if isinstance(inventory.instances, tuple | list) else ()
    counts = unanalysed(instances, read_types)
    if not counts:
        return None
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{t} ({n})" for t, n in ordered[:MAX_TYPES_SHOWN])
    if len(ordered) > MAX_TYPES_SHOWN:
        shown += f", and {len(ordered) - MAX_TYPES_SHOWN} more types"
    total = sum(counts.values())
    noun = "resource" if total == 1 else "resources"
    return (
        f"{inventory.source}: {total} {noun} of types tfvpc does not analyse: {shown} "
        f"(no finding about them means not checked, not correct)"
    )
