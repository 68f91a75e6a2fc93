# Amazon MQ for RabbitMQ: the front publishes accepted readings to queues rtda.readings.<p> (p < P, by a
# stable hash of the stream id); each queue has single-active-consumer, so RabbitMQ itself picks the worker
# that owns a partition and fails it over. Alerts go to the rtda.alerts exchange. The application declares
# the queues and the exchange on connect: Amazon MQ has no Terraform resource for RabbitMQ queues.

# Amazon MQ refuses ',', ':' and '=' in RabbitMQ passwords: letters and digits only, 32 of them.
resource "random_password" "broker" {
  length  = 32
  special = false
}

resource "aws_secretsmanager_secret" "broker" {
  name_prefix             = "${var.name_prefix}-broker-"
  description             = "RTDA broker credentials (JSON: username, password) read by the GPU workers at boot"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "broker" {
  secret_id = aws_secretsmanager_secret.broker.id
  secret_string = jsonencode({
    username = local.broker_username
    password = random_password.broker.result
  })
}

resource "aws_mq_broker" "this" {
  broker_name                = "${var.name_prefix}-broker"
  engine_type                = "RabbitMQ"
  engine_version             = var.broker_engine_version
  host_instance_type         = var.broker_instance_type
  deployment_mode            = var.broker_deployment_mode
  publicly_accessible        = false
  auto_minor_version_upgrade = true
  subnet_ids                 = var.broker_deployment_mode == "SINGLE_INSTANCE" ? [aws_subnet.private[0].id] : aws_subnet.private[*].id
  security_groups            = [aws_security_group.broker.id]

  user {
    username = local.broker_username
    password = random_password.broker.result
  }

  logs {
    general = true
  }

  maintenance_window_start_time {
    day_of_week = "SUNDAY"
    time_of_day = "03:00"
    time_zone   = "UTC"
  }

  depends_on = [aws_cloudwatch_log_resource_policy.broker]
}

# Amazon MQ writes the broker's general log to CloudWatch only under a resource policy that allows it.
data "aws_iam_policy_document" "broker_logs" {
  statement {
    sid     = "AmazonMqWritesBrokerLogs"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    principals {
      type        = "Service"
      identifiers = ["mq.amazonaws.com"]
    }
    resources = ["arn:${data.aws_partition.current.partition}:logs:${var.aws_region}:${data.aws_caller_identity.current.account_id}:log-group:/aws/amazonmq/*"]
  }
}

resource "aws_cloudwatch_log_resource_policy" "broker" {
  policy_name     = "${var.name_prefix}-amazonmq-logs"
  policy_document = data.aws_iam_policy_document.broker_logs.json
}
