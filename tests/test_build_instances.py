"""Instances, network interfaces and the three forms of ENI attachment.

Hand-made inventories in the shapes front ends produce (tests/build_helpers.py); nothing may be
guessed.
"""

from __future__ import annotations

from build_helpers import ref, res, topo

from tflint_vpc.inventory import UNKNOWN
from tflint_vpc.model import AttachmentForm

# --- instances and ENI attachments ----------------------------------------------------------


def test_three_eni_attachment_forms() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_subnet.one", vpc_id=ref("aws_vpc.a"), availability_zone="us-east-1a"),
        res("aws_subnet.two", vpc_id=ref("aws_vpc.a"), availability_zone="us-east-1b"),
        res("aws_network_interface.primary", subnet_id=ref("aws_subnet.one"), attachment=UNKNOWN),
        res("aws_network_interface.block", subnet_id=ref("aws_subnet.two"), attachment=()),
        res(
            "aws_network_interface.by_resource", subnet_id=ref("aws_subnet.two"), attachment=UNKNOWN
        ),
        res(
            "aws_network_interface.by_eni",
            subnet_id=ref("aws_subnet.two"),
            attachment=({"instance": ref("aws_instance.vm"), "device_index": 2},),
        ),
        res(
            "aws_instance.vm",
            instance_type="m4.large",
            subnet_id=UNKNOWN,
            availability_zone=UNKNOWN,
            network_interface=(
                {"device_index": 0, "network_interface_id": ref("aws_network_interface.primary")},
                {"device_index": 1, "network_interface_id": ref("aws_network_interface.block")},
            ),
        ),
        res(
            "aws_network_interface_attachment.att",
            instance_id=ref("aws_instance.vm"),
            network_interface_id=ref("aws_network_interface.by_resource"),
            device_index=3,
        ),
    )
    attachments = {
        (a.declared_by, a.network_interface, a.instance, a.device_index, a.form)
        for a in t.eni_attachments
    }
    assert attachments == {
        (
            "aws_network_interface_attachment.att",
            "aws_network_interface.by_resource",
            "aws_instance.vm",
            3,
            AttachmentForm.RESOURCE,
        ),
        (
            "aws_instance.vm",
            "aws_network_interface.block",
            "aws_instance.vm",
            1,
            AttachmentForm.INSTANCE_BLOCK,
        ),
        (
            "aws_network_interface.by_eni",
            "aws_network_interface.by_eni",
            "aws_instance.vm",
            2,
            AttachmentForm.ENI_BLOCK,
        ),
    }
    vm = t.instance("aws_instance.vm")
    assert vm is not None and vm.instance_type == "m4.large" and vm.subnet is None
    assert [(n.device_index, n.network_interface) for n in vm.network_interfaces] == [
        (0, "aws_network_interface.primary"),
        (1, "aws_network_interface.block"),
    ]
    # the AZ of the instance comes from its primary interface's subnet
    assert t.instance_az(vm).name == "us-east-1a"
    assert t.eni_az("aws_network_interface.by_eni").name == "us-east-1b"


def test_state_eni_attachment_blocks_do_not_repeat_other_forms() -> None:
    # In state the ENI's computed `attachment` lists every attachment, whoever declared it.
    t = topo(
        res("aws_subnet.s", id="subnet-1"),
        res(
            "aws_instance.vm", id="i-1", subnet_id="subnet-1", primary_network_interface_id="eni-p"
        ),
        res(
            "aws_network_interface.p",
            id="eni-p",
            subnet_id="subnet-1",
            attachment=({"instance": "i-1", "device_index": 0},),
        ),
        res(
            "aws_network_interface.x",
            id="eni-x",
            subnet_id="subnet-1",
            attachment=({"instance": "i-1", "device_index": 1},),
        ),
        res(
            "aws_network_interface_attachment.x",
            instance_id="i-1",
            network_interface_id="eni-x",
            device_index=1,
        ),
        kind="state",
    )
    assert [(a.declared_by, a.form) for a in t.eni_attachments] == [
        ("aws_network_interface_attachment.x", AttachmentForm.RESOURCE)
    ]
    vm = t.instance("aws_instance.vm")
    assert vm is not None and vm.subnet == "aws_subnet.s"
    assert [(n.device_index, n.network_interface) for n in vm.network_interfaces] == [
        (0, "aws_network_interface.p")
    ]
