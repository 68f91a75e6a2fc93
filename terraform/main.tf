# RTDA on AWS: stateless ingest/query functions on Lambda in front (SQS, optional Kinesis, HTTP API), the
# readings partitioned over an Amazon MQ for RabbitMQ broker, and GPU analytics workers on EC2 behind it.
# Topic files: network.tf, api.tf, broker.tf, workers.tf, monitoring.tf. See README.md for the commands.

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  tags = {
    Application = "rtda"
    Environment = var.environment
    ManagedBy   = "terraform"
  }

  # The Lambda contract with the Maven build (functions, quarkus-amazon-lambda): the build writes
  # lambda/target/function.zip whose entry point is Quarkus's stream handler; it dispatches to the @Named
  # handler that QUARKUS_LAMBDA_HANDLER names. infra's TerraformCheckerTest holds these to the build.
  lambda_handler = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  lambda_runtime = "java21"

  # Images built by infra/container/build-images.sh; one ECR repository each. rtda-lambda is the function as a
  # container image with a JDK AOT cache (docs/serverless.md); the functions deploy it when lambda_image_tag
  # is set, else the zip.
  image_names      = ["rtda-functions", "rtda-worker", "rtda-lambda"]
  lambda_image_uri = var.lambda_image_tag == null ? null : "${aws_ecr_repository.images["rtda-lambda"].repository_url}:${var.lambda_image_tag}"

  az_count = 3
  azs      = slice(data.aws_availability_zones.available.names, 0, local.az_count)

  # Amazon MQ for RabbitMQ speaks AMQP over TLS only, on 5671; the endpoint reads amqps://host:5671.
  broker_host     = trimsuffix(trimprefix(aws_mq_broker.this.instances[0].endpoints[0], "amqps://"), ":5671")
  broker_username = "rtda"

  # What the front functions need to publish to the broker (RTDA_MODE=front, issue 6's contract).
  front_environment = {
    RTDA_MODE              = "front"
    RTDA_BROKER_PARTITIONS = tostring(var.broker_partitions)
    RABBITMQ_HOST          = local.broker_host
    RABBITMQ_PORT          = "5671"
    RABBITMQ_SSL           = "true"
    RABBITMQ_USERNAME      = local.broker_username
    RABBITMQ_PASSWORD      = random_password.broker.result
    RTDA_SECURITY_API_KEYS = join(",", var.api_key_digests)
  }
}

# ---- Ingest queue: producers send readings (one or an array per message) to SQS -------------------------

resource "aws_sqs_queue" "ingest_dlq" {
  name                      = "${var.name_prefix}-ingest-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "ingest" {
  name = "${var.name_prefix}-ingest"
  # AWS's guidance for Lambda sources: six times the function timeout, so a message is not redelivered
  # while a slow invocation still holds it.
  visibility_timeout_seconds = 6 * var.lambda_timeout_s
  message_retention_seconds  = 345600
  sqs_managed_sse_enabled    = true
  # A message that fails sqs_max_receive_count times (a poison record) moves to the DLQ instead of retrying.
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.ingest_dlq.arn
    maxReceiveCount     = var.sqs_max_receive_count
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "ingest_dlq" {
  queue_url = aws_sqs_queue.ingest_dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.ingest.arn]
  })
}

data "aws_iam_policy_document" "ingest_sqs" {
  statement {
    sid       = "ConsumeIngestQueue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.ingest.arn]
  }
}

module "ingest_sqs" {
  source = "./modules/quarkus_lambda"

  name                 = "${var.name_prefix}-ingest-sqs"
  description          = "RTDA ingest from SQS: validates readings, publishes accepted ones to the broker, reports failed records"
  zip_path             = var.lambda_zip_path
  image_uri            = local.lambda_image_uri
  handler              = local.lambda_handler
  runtime              = local.lambda_runtime
  quarkus_handler      = "sqs"
  memory_mb            = var.lambda_memory_mb
  timeout_s            = var.lambda_timeout_s
  reserved_concurrency = var.lambda_reserved_concurrency
  environment          = local.front_environment
  subnet_ids           = aws_subnet.private[*].id
  security_group_ids   = [aws_security_group.functions.id]
  policy_json          = data.aws_iam_policy_document.ingest_sqs.json
  log_retention_days   = var.log_retention_days
  alarm_topic_arn      = aws_sns_topic.alarms.arn
}

resource "aws_lambda_event_source_mapping" "ingest_sqs" {
  event_source_arn                   = aws_sqs_queue.ingest.arn
  function_name                      = module.ingest_sqs.function_arn
  batch_size                         = var.sqs_batch_size
  maximum_batching_window_in_seconds = var.sqs_batching_window_s
  # The function answers batchItemFailures: only the failed messages return to the queue.
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.lambda_reserved_concurrency == -1 ? 1000 : max(2, var.lambda_reserved_concurrency)
  }

  lifecycle {
    precondition {
      condition     = var.sqs_batch_size <= 10 || var.sqs_batching_window_s >= 1
      error_message = "sqs_batch_size above 10 needs sqs_batching_window_s of at least 1 (an SQS event source rule)."
    }
  }
}

# ---- Optional Kinesis stream: readings keyed by stream id, so one shard keeps a stream's order ----------

resource "aws_kinesis_stream" "readings" {
  count = var.kinesis_enabled ? 1 : 0

  name             = "${var.name_prefix}-readings"
  shard_count      = var.kinesis_shard_count > 0 ? var.kinesis_shard_count : null
  retention_period = 24
  encryption_type  = "KMS"
  kms_key_id       = "alias/aws/kinesis"

  stream_mode_details {
    stream_mode = var.kinesis_shard_count > 0 ? "PROVISIONED" : "ON_DEMAND"
  }
}

# Kinesis keeps the records; its failure destination receives the failed batch's shard and sequence
# numbers, from which the records can be read again while the stream retains them.
resource "aws_sqs_queue" "kinesis_failures" {
  count = var.kinesis_enabled ? 1 : 0

  name                      = "${var.name_prefix}-kinesis-failures"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

data "aws_iam_policy_document" "ingest_kinesis" {
  count = var.kinesis_enabled ? 1 : 0

  statement {
    sid = "ReadReadingsStream"
    actions = [
      "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator",
      "kinesis:ListShards", "kinesis:SubscribeToShard",
    ]
    resources = [aws_kinesis_stream.readings[0].arn]
  }
  statement {
    sid       = "ReportFailedBatches"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.kinesis_failures[0].arn]
  }
}

module "ingest_kinesis" {
  source = "./modules/quarkus_lambda"
  count  = var.kinesis_enabled ? 1 : 0

  name                 = "${var.name_prefix}-ingest-kinesis"
  description          = "RTDA ingest from Kinesis: validates readings, publishes accepted ones to the broker, reports failed records"
  zip_path             = var.lambda_zip_path
  image_uri            = local.lambda_image_uri
  handler              = local.lambda_handler
  runtime              = local.lambda_runtime
  quarkus_handler      = "kinesis"
  memory_mb            = var.lambda_memory_mb
  timeout_s            = var.lambda_timeout_s
  reserved_concurrency = var.lambda_reserved_concurrency
  environment          = local.front_environment
  subnet_ids           = aws_subnet.private[*].id
  security_group_ids   = [aws_security_group.functions.id]
  policy_json          = data.aws_iam_policy_document.ingest_kinesis[0].json
  log_retention_days   = var.log_retention_days
  alarm_topic_arn      = aws_sns_topic.alarms.arn
}

resource "aws_lambda_event_source_mapping" "ingest_kinesis" {
  count = var.kinesis_enabled ? 1 : 0

  event_source_arn                   = aws_kinesis_stream.readings[0].arn
  function_name                      = module.ingest_kinesis[0].function_arn
  starting_position                  = "LATEST"
  batch_size                         = var.kinesis_batch_size
  maximum_batching_window_in_seconds = 1
  # One invocation per shard at a time keeps each stream's readings in order.
  parallelization_factor         = 1
  bisect_batch_on_function_error = true
  maximum_retry_attempts         = var.kinesis_max_retry_attempts
  maximum_record_age_in_seconds  = 3600
  # The function answers batchItemFailures: processing resumes from the first failed record.
  function_response_types = ["ReportBatchItemFailures"]

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.kinesis_failures[0].arn
    }
  }
}
