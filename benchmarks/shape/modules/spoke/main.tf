# A spoke VPC peered with its hub: two subnets in two AZs, a route table with an inline route to
# the hub, the hub's return route, an instance with a second ENI, an S3 gateway endpoint.

variable "name" { type = string }
variable "cidr" { type = string }
variable "instance_type" { type = string }
variable "cross_az_eni" { type = bool }
variable "azs" { type = list(string) }
variable "hub_vpc_id" { type = string }
variable "hub_cidr" { type = string }
variable "hub_route_table_id" { type = string }

resource "aws_vpc" "this" {
  cidr_block = var.cidr
  tags       = { Name = var.name }
}

resource "aws_subnet" "this" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr, 2, count.index)
  availability_zone = var.azs[count.index]
}

resource "aws_vpc_peering_connection" "to_hub" {
  vpc_id      = aws_vpc.this.id
  peer_vpc_id = var.hub_vpc_id
  auto_accept = true
}

resource "aws_route_table" "this" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block                = var.hub_cidr
    vpc_peering_connection_id = aws_vpc_peering_connection.to_hub.id
  }
}

resource "aws_route_table_association" "this" {
  count          = 2
  subnet_id      = aws_subnet.this[count.index].id
  route_table_id = aws_route_table.this.id
}

resource "aws_route" "hub_return" {
  route_table_id            = var.hub_route_table_id
  destination_cidr_block    = var.cidr
  vpc_peering_connection_id = aws_vpc_peering_connection.to_hub.id
}

resource "aws_instance" "this" {
  ami           = "ami-0123456789abcdef0"
  instance_type = var.instance_type
  subnet_id     = aws_subnet.this[0].id
  tags          = { Name = var.name }
}

resource "aws_network_interface" "this" {
  subnet_id = aws_subnet.this[0].id
}

resource "aws_network_interface_attachment" "this" {
  instance_id          = aws_instance.this.id
  network_interface_id = aws_network_interface.this.id
  device_index         = 1
}

# A second interface in the other AZ, attached by an inline block (cross-AZ when planted).
resource "aws_network_interface" "spare" {
  count     = var.cross_az_eni ? 1 : 0
  subnet_id = aws_subnet.this[1].id

  attachment {
    instance     = aws_instance.this.id
    device_index = 2
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.this.id]
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "peering_id" {
  value = aws_vpc_peering_connection.to_hub.id
}
