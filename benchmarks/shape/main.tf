# The shape of the synthetic benchmark plans (benchmarks/generate_plan.py), small enough to plan
# for real: two hubs in a partial mesh, spokes in one module call per hub, every resource type and
# every way of referring to one that the generator writes. `regenerate.sh` turns it into plan.json
# with tools/tf-plan; tests/test_benchmark_shape.py compares the generator's output with it.

variable "spokes" {
  description = "Spoke VPCs by name: the hub they peer with, their CIDR and their instance."
  type = map(object({
    hub           = number
    cidr          = string
    instance_type = string
    cross_az_eni  = bool
  }))
  default = {
    s0001 = { hub = 0, cidr = "10.0.4.0/22", instance_type = "m5.large", cross_az_eni = false }
    s0002 = { hub = 0, cidr = "10.0.8.0/22", instance_type = "m4.large", cross_az_eni = true }
    s0003 = { hub = 1, cidr = "10.0.12.0/22", instance_type = "m5.large", cross_az_eni = false }
  }
}

variable "hub_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/22", "10.200.0.0/22"]
}

variable "azs" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b"]
}

resource "aws_vpc" "hub" {
  count                = length(var.hub_cidrs)
  cidr_block           = var.hub_cidrs[count.index]
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "hub-${count.index}" }
}

resource "aws_subnet" "hub" {
  count             = length(var.hub_cidrs)
  vpc_id            = aws_vpc.hub[count.index].id
  cidr_block        = cidrsubnet(var.hub_cidrs[count.index], 2, 0)
  availability_zone = var.azs[0]
}

resource "aws_internet_gateway" "hub" {
  count  = length(var.hub_cidrs)
  vpc_id = aws_vpc.hub[count.index].id
}

resource "aws_route_table" "hub" {
  count  = length(var.hub_cidrs)
  vpc_id = aws_vpc.hub[count.index].id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.hub[count.index].id
  }
}

resource "aws_route_table_association" "hub" {
  count          = length(var.hub_cidrs)
  subnet_id      = aws_subnet.hub[count.index].id
  route_table_id = aws_route_table.hub[count.index].id
}

resource "aws_vpc_endpoint" "hub_secrets" {
  count               = length(var.hub_cidrs)
  vpc_id              = aws_vpc.hub[count.index].id
  service_name        = "com.amazonaws.us-east-1.secretsmanager"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.hub[count.index].id]
  private_dns_enabled = false
}

# The partial mesh between hubs: one block per pair, with literal indexes.
resource "aws_vpc_peering_connection" "mesh_0_1" {
  vpc_id      = aws_vpc.hub[0].id
  peer_vpc_id = aws_vpc.hub[1].id
  auto_accept = true
  tags        = { Name = "mesh-0-1" }
}

resource "aws_route" "mesh_0_1" {
  route_table_id            = aws_route_table.hub[0].id
  destination_cidr_block    = aws_vpc.hub[1].cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection.mesh_0_1.id
}

resource "aws_route" "mesh_1_0" {
  route_table_id            = aws_route_table.hub[1].id
  destination_cidr_block    = aws_vpc.hub[0].cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection.mesh_0_1.id
}

# The spokes of each hub: one module call per hub.
module "spokes_h0000" {
  source             = "./modules/spoke"
  for_each           = { for name, s in var.spokes : name => s if s.hub == 0 }
  name               = each.key
  cidr               = each.value.cidr
  instance_type      = each.value.instance_type
  cross_az_eni       = each.value.cross_az_eni
  azs                = var.azs
  hub_vpc_id         = aws_vpc.hub[0].id
  hub_cidr           = aws_vpc.hub[0].cidr_block
  hub_route_table_id = aws_route_table.hub[0].id
}

module "spokes_h0001" {
  source             = "./modules/spoke"
  for_each           = { for name, s in var.spokes : name => s if s.hub == 1 }
  name               = each.key
  cidr               = each.value.cidr
  instance_type      = each.value.instance_type
  cross_az_eni       = each.value.cross_az_eni
  azs                = var.azs
  hub_vpc_id         = aws_vpc.hub[1].id
  hub_cidr           = aws_vpc.hub[1].cidr_block
  hub_route_table_id = aws_route_table.hub[1].id
}

output "hub_vpc_ids" {
  value = aws_vpc.hub[*].id
}
