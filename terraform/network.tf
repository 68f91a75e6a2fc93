# One VPC across three zones: public subnets hold the NAT gateway; private subnets hold the functions'
# network interfaces, the broker and the GPU workers. Nothing in the private subnets is reachable from
# the internet; the workers reach ECR, Secrets Manager and CloudWatch through the NAT gateway.

resource "aws_vpc" "this" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "${var.name_prefix}-vpc"
  }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "public" {
  count = local.az_count

  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index)

  tags = {
    Name = "${var.name_prefix}-public-${local.azs[count.index]}"
  }
}

resource "aws_subnet" "private" {
  count = local.az_count

  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index + 8)

  tags = {
    Name = "${var.name_prefix}-private-${local.azs[count.index]}"
  }
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

# One NAT gateway keeps the cost down; a zone outage then cuts the workers' outbound traffic (not the
# broker or the functions). Add one per zone for that case.
resource "aws_nat_gateway" "this" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this.id
  }
}

resource "aws_route_table_association" "public" {
  count = local.az_count

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "private" {
  count = local.az_count

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

# ---- Security groups: each tier opens only what the next one needs ----------------------------------

resource "aws_security_group" "functions" {
  name        = "${var.name_prefix}-functions"
  description = "RTDA Lambda functions: outbound to the broker and the workers only"
  vpc_id      = aws_vpc.this.id
}

resource "aws_vpc_security_group_egress_rule" "functions_to_broker" {
  security_group_id            = aws_security_group.functions.id
  description                  = "AMQPS to the broker"
  ip_protocol                  = "tcp"
  from_port                    = 5671
  to_port                      = 5671
  referenced_security_group_id = aws_security_group.broker.id
}

resource "aws_vpc_security_group_egress_rule" "functions_to_workers" {
  security_group_id            = aws_security_group.functions.id
  description                  = "HTTP to the workers (metrics of the streams a worker owns)"
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.workers.id
}

resource "aws_security_group" "broker" {
  name        = "${var.name_prefix}-broker"
  description = "RTDA broker: AMQPS from the functions and the workers"
  vpc_id      = aws_vpc.this.id
}

resource "aws_vpc_security_group_ingress_rule" "broker_from_functions" {
  security_group_id            = aws_security_group.broker.id
  description                  = "AMQPS from the functions"
  ip_protocol                  = "tcp"
  from_port                    = 5671
  to_port                      = 5671
  referenced_security_group_id = aws_security_group.functions.id
}

resource "aws_vpc_security_group_ingress_rule" "broker_from_workers" {
  security_group_id            = aws_security_group.broker.id
  description                  = "AMQPS from the workers"
  ip_protocol                  = "tcp"
  from_port                    = 5671
  to_port                      = 5671
  referenced_security_group_id = aws_security_group.workers.id
}

resource "aws_security_group" "workers" {
  name        = "${var.name_prefix}-workers"
  description = "RTDA GPU workers: HTTP from the functions; outbound to the broker and AWS APIs"
  vpc_id      = aws_vpc.this.id
}

resource "aws_vpc_security_group_ingress_rule" "workers_from_functions" {
  security_group_id            = aws_security_group.workers.id
  description                  = "HTTP from the functions"
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.functions.id
}

resource "aws_vpc_security_group_egress_rule" "workers_https" {
  security_group_id = aws_security_group.workers.id
  description       = "HTTPS to ECR, Secrets Manager and CloudWatch Logs through the NAT gateway"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "workers_to_broker" {
  security_group_id            = aws_security_group.workers.id
  description                  = "AMQPS to the broker"
  ip_protocol                  = "tcp"
  from_port                    = 5671
  to_port                      = 5671
  referenced_security_group_id = aws_security_group.broker.id
}
