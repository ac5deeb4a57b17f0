# A small estate with three mistakes tfvpc finds before `terraform apply`:
# - the app and analytics VPCs overlap, so their peering would fail      (TFVPC001)
# - an ENI in us-east-1b is attached to an instance in us-east-1a        (TFVPC004)
# - a Xen (m4) instance reaches an interface endpoint over a peering     (TFVPC005)

resource "aws_vpc" "app" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "analytics" {
  cidr_block = "10.0.128.0/20"
}

resource "aws_vpc" "shared_services" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_vpc_peering_connection" "app_analytics" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.analytics.id
  auto_accept = true
}

resource "aws_vpc_peering_connection" "app_shared" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.shared_services.id
  auto_accept = true
}

resource "aws_subnet" "app_a" {
  vpc_id               = aws_vpc.app.id
  cidr_block           = "10.0.1.0/24"
  availability_zone_id = "use1-az1"
}

resource "aws_subnet" "app_b" {
  vpc_id               = aws_vpc.app.id
  cidr_block           = "10.0.2.0/24"
  availability_zone_id = "use1-az2"
}

resource "aws_subnet" "shared_a" {
  vpc_id               = aws_vpc.shared_services.id
  cidr_block           = "10.20.1.0/24"
  availability_zone_id = "use1-az1"
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id

  route {
    cidr_block                = "10.20.0.0/16"
    vpc_peering_connection_id = aws_vpc_peering_connection.app_shared.id
  }
}

resource "aws_route_table_association" "app_a" {
  subnet_id      = aws_subnet.app_a.id
  route_table_id = aws_route_table.app.id
}

resource "aws_vpc_endpoint" "secrets" {
  vpc_id              = aws_vpc.shared_services.id
  service_name        = "com.amazonaws.us-east-1.secretsmanager"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.shared_a.id]
  private_dns_enabled = false
}

resource "aws_instance" "legacy_worker" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "m4.large"
  subnet_id     = aws_subnet.app_a.id
}

resource "aws_network_interface" "worker_secondary" {
  subnet_id = aws_subnet.app_b.id
}

resource "aws_network_interface_attachment" "worker_secondary" {
  instance_id          = aws_instance.legacy_worker.id
  network_interface_id = aws_network_interface.worker_secondary.id
  device_index         = 1
}
