"""EC2 instances, network interfaces, and the three ways an interface gets attached."""

from __future__ import annotations

from tflint_vpc.build.context import Block, Context, blocks, integer, text
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.subnets import SUBNET_TYPES, zone_symbol
from tflint_vpc.model import (
    AttachmentForm,
    EniAttachment,
    Instance,
    InstanceNic,
    NetworkInterface,
)

INSTANCE_TYPES = frozenset({"aws_instance"})
ENI_TYPES = frozenset({"aws_network_interface"})
READS = INSTANCE_TYPES | ENI_TYPES | {"aws_network_interface_attachment"}


def build_instances(ctx: Context) -> tuple[tuple[Instance, ...], list[EniAttachment]]:
    """The instances, and the attachments their `network_interface` blocks declare."""
    instances = []
    attachments: list[EniAttachment] = []
    for instance in ctx.of(INSTANCE_TYPES):
        values = instance_values(instance)
        nics: list[InstanceNic] = []
        nic_blocks, _ = blocks(values.get("network_interface"))
        for block in nic_blocks:
            device_index = integer(ctx.resolver.literal(block.get("device_index")))
            eni = ctx.node(block.get("network_interface_id"), ENI_TYPES)
            nics.append(InstanceNic(device_index, eni))
            if device_index is not None and device_index >= 1 and instance.mode != "data":
                attachments.append(
                    EniAttachment(
                        declared_by=instance.address,
                        network_interface=eni,
                        instance=instance.address,
                        device_index=device_index,
                        form=AttachmentForm.INSTANCE_BLOCK,
                    )
                )
        if all(nic.device_index != 0 for nic in nics):
            primary = _primary_eni(ctx, values)
            if primary is not None:
                nics.insert(0, InstanceNic(0, primary))
        zone = ctx.text(values, "availability_zone")
        instances.append(
            Instance(
                address=instance.address,
                id=text(values.get("id")),
                instance_type=ctx.text(values, "instance_type"),
                subnet=ctx.node(values.get("subnet_id"), SUBNET_TYPES),
                availability_zone=zone,
                availability_zone_symbol=None
                if zone is not None
                else zone_symbol(ctx, values, "availability_zone"),
                network_interfaces=tuple(nics),
                tags=ctx.tags(values),
            )
        )
    return tuple(instances), attachments


def _primary_eni(ctx: Context, values: Block) -> str | None:
    primary = ctx.node(values.get("primary_network_interface_id"), ENI_TYPES)
    if primary is not None:
        return primary
    # provider 6.x: a `primary_network_interface { network_interface_id }` block
    primary_blocks, _ = blocks(values.get("primary_network_interface"))
    for block in primary_blocks:
        primary = ctx.node(block.get("network_interface_id"), ENI_TYPES)
        if primary is not None:
            return primary
    return None


def build_enis(
    ctx: Context, instance_attachments: list[EniAttachment]
) -> tuple[tuple[NetworkInterface, ...], tuple[EniAttachment, ...]]:
    """The interfaces, and every attachment: resource, instance block (`instance_attachments`,
    from `build_instances`) and the interface's own `attachment` blocks."""
    attachments: list[EniAttachment] = []
    for resource in ctx.of({"aws_network_interface_attachment"}, data=False):
        values = instance_values(resource)
        attachments.append(
            EniAttachment(
                declared_by=resource.address,
                network_interface=ctx.node(values.get("network_interface_id"), ENI_TYPES),
                instance=ctx.node(values.get("instance_id"), INSTANCE_TYPES),
                device_index=integer(ctx.resolver.literal(values.get("device_index"))),
                form=AttachmentForm.RESOURCE,
            )
        )
    attachments.extend(instance_attachments)
    # In state an ENI's `attachment` blocks also list the attachments the other two forms
    # made (the attribute is computed): those are not declared by the ENI.
    declared = {(a.network_interface, a.instance) for a in attachments}
    declared.update(_instance_primary_pairs(ctx))
    enis = []
    for eni in ctx.of(ENI_TYPES):
        values = instance_values(eni)
        enis.append(
            NetworkInterface(
                address=eni.address,
                id=text(values.get("id")),
                subnet=ctx.node(values.get("subnet_id"), SUBNET_TYPES),
            )
        )
        if eni.mode == "data":
            continue
        attachment_blocks, _ = blocks(values.get("attachment"))
        for block in attachment_blocks:
            instance = ctx.node(block.get("instance"), INSTANCE_TYPES)
            if instance is not None and (eni.address, instance) in declared:
                continue
            attachments.append(
                EniAttachment(
                    declared_by=eni.address,
                    network_interface=eni.address,
                    instance=instance,
                    device_index=integer(ctx.resolver.literal(block.get("device_index"))),
                    form=AttachmentForm.ENI_BLOCK,
                )
            )
    return tuple(enis), tuple(attachments)


def _instance_primary_pairs(ctx: Context) -> set[tuple[str | None, str | None]]:
    """(ENI, instance) for every instance's device-index-0 interface."""
    pairs: set[tuple[str | None, str | None]] = set()
    for instance in ctx.of(INSTANCE_TYPES, data=False):
        values = instance_values(instance)
        nic_blocks, _ = blocks(values.get("network_interface"))
        for block in nic_blocks:
            if integer(ctx.resolver.literal(block.get("device_index"))) == 0:
                eni = ctx.node(block.get("network_interface_id"), ENI_TYPES)
                pairs.add((eni, instance.address))
        primary = _primary_eni(ctx, values)
        if primary is not None:
            pairs.add((primary, instance.address))
    return pairs
