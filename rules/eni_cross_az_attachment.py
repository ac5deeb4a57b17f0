"""Network interface attached to an instance in another Availability Zone.

## What it does
Flags an ENI attachment whose network interface and instance are in different Availability
Zones. Attachments come from three places, and the finding is reported on the resource that
declares the attachment:
- `aws_network_interface_attachment` (`instance_id`, `network_interface_id`);
- an `attachment { instance = ... }` block of `aws_network_interface`;
- a `network_interface { network_interface_id = ... }` block of `aws_instance` with
  `device_index >= 1` (the block with index 0 defines where the instance runs).

The ENI's zone is the zone of its subnet. The instance's zone is its `availability_zone`, else
the zone of its `subnet_id`, else the zone of its primary network interface's subnet. Zone ids
(`use1-az1`) are compared first because they are the same in every account; names
(`us-east-1a`) only when neither side has an id. When one side is known only by id and the
other only by name, or a side is unknown, the rule stays silent. A zone known only as
`data.aws_availability_zones.x.names[i]` (HCL) differs from `names[j]` of the same data source
instance when `i != j`, and is not compared with anything else.

Since October 2023 an ENI may belong to a different VPC of the same account (multi-VPC ENI
attachment): a different VPC in the same zone is not a finding.

## Why is this bad?
"You must attach a network interface to an instance in the same Availability Zone". The
attachment fails at apply time with `InvalidParameterCombination`, after the instance and
the interface have been created.

## Example
```hcl
resource "aws_vpc" "app" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}
resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "m5.large"
  subnet_id     = aws_subnet.a.id
}
resource "aws_network_interface" "replication" {
  subnet_id = aws_subnet.b.id
}
resource "aws_network_interface_attachment" "replication" {
  instance_id          = aws_instance.app.id
  network_interface_id = aws_network_interface.replication.id
  device_index         = 1
}
```
reports that `aws_network_interface.replication` (`us-east-1b`) is attached to
`aws_instance.app` in `us-east-1a`.

Use instead: the interface in a subnet of the instance's zone.
```hcl
resource "aws_vpc" "app" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "m5.large"
  subnet_id     = aws_subnet.a.id
}
resource "aws_network_interface" "replication" {
  subnet_id = aws_subnet.a.id
}
resource "aws_network_interface_attachment" "replication" {
  instance_id          = aws_instance.app.id
  network_interface_id = aws_network_interface.replication.id
  device_index         = 1
}
```

## How to fix
Create the interface in a subnet of the instance's zone (`aws_subnet.a` above), or move the
instance. For an instance in each zone, create one interface per zone and attach each to
the instance of its own zone.

## References
- [Elastic network interfaces](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html)
- [EC2 API: AttachNetworkInterface](https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AttachNetworkInterface.html)
- [Network interface scenarios (dual-homed instances)](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/scenarios-enis.html)
- [Multi-VPC ENI attachments (2023-10)](https://aws.amazon.com/about-aws/whats-new/2023/10/multi-vpc-eni-attachments/)
- [Availability Zone IDs](https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import AttachmentForm, AvailabilityZone, Topology
from tflint_vpc.rule import Finding, Severity, Undecided, rule


@rule(code="TFVPC004", severity=Severity.ERROR)
def eni_cross_az_attachment(topology: Topology) -> Iterator[Finding | Undecided]:
    for attachment in topology.eni_attachments:
        if attachment.form is AttachmentForm.INSTANCE_BLOCK and (
            attachment.device_index is None or attachment.device_index < 1
        ):
            continue  # device 0 is the primary interface: it defines the instance's zone
        instance = topology.instance(attachment.instance)
        eni = topology.network_interface(attachment.network_interface)
        if instance is None or eni is None:
            continue
        instance_az = topology.instance_az(instance)
        eni_az = topology.eni_az(eni.address)
        differs = instance_az.differs_from(eni_az)
        if differs is None:
            # not comparable: a zone unknown, or a name on one side and an id on the other
            yield Undecided(
                attachment.declared_by,
                f"the zone of {instance.address} ({_zone(instance_az)}) cannot be compared with "
                f"that of {eni.address} ({_zone(eni_az)})",
            )
            continue
        if not differs:
            continue
        subnet = topology.subnet(eni.subnet)
        eni_where = f"subnet {subnet.address}, {eni_az}" if subnet else str(eni_az)
        yield Finding(
            attachment.declared_by,
            f"{eni.address} ({eni_where}) is attached to {instance.address} in {instance_az}: "
            "a network interface must be in the instance's Availability Zone",
            related=tuple(
                a
                for a in dict.fromkeys((eni.address, instance.address))
                if a != attachment.declared_by
            ),
            # which two resources disagree, not the zones they name (moving both keeps it)
            values=(eni.address, instance.address),
        )


def _zone(zone: AvailabilityZone) -> str:
    """The zone as the reader needs it to see why two cannot be compared."""
    if zone.id is not None and zone.name is None:
        return f"zone id {zone.id}"
    if zone.name is not None and zone.id is None:
        return f"zone name {zone.name}"
    return str(zone)
