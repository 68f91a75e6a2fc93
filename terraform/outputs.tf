output "api_url" {
  description = "Base URL of the HTTP API, e.g. POST <api_url>/api/v1/readings."
  # the $default stage's invoke_url ends in '/': trimmed, so <api_url>/api/v1/... has one slash
  value = trimsuffix(aws_apigatewayv2_stage.default.invoke_url, "/")
}

output "ingest_queue_url" {
  description = "URL of the SQS ingest queue producers send readings to."
  value       = aws_sqs_queue.ingest.url
}

output "ingest_queue_arn" {
  description = "ARN of the SQS ingest queue."
  value       = aws_sqs_queue.ingest.arn
}

output "ingest_dlq_arn" {
  description = "ARN of the ingest dead-letter queue (messages that failed sqs_max_receive_count times)."
  value       = aws_sqs_queue.ingest_dlq.arn
}

output "kinesis_stream_arn" {
  description = "ARN of the Kinesis readings stream; null unless kinesis_enabled."
  value       = one(aws_kinesis_stream.readings[*].arn)
}

output "kinesis_failures_queue_arn" {
  description = "ARN of the queue receiving failed Kinesis batches' positions; null unless kinesis_enabled."
  value       = one(aws_sqs_queue.kinesis_failures[*].arn)
}

output "broker_amqps_endpoint" {
  description = "AMQPS endpoint of the RabbitMQ broker (reachable inside the VPC only)."
  value       = aws_mq_broker.this.instances[0].endpoints[0]
}

output "broker_console_url" {
  description = "RabbitMQ management console of the broker (inside the VPC)."
  value       = aws_mq_broker.this.instances[0].console_url
}

output "broker_secret_arn" {
  description = "Secrets Manager secret holding the broker username and password."
  value       = aws_secretsmanager_secret.broker.arn
}

output "ecr_repository_urls" {
  description = "ECR repositories per image name: push with infra/container/build-images.sh <registry>."
  value       = { for name, repo in aws_ecr_repository.images : name => repo.repository_url }
}

output "function_names" {
  description = "Names of the Lambda functions."
  value = compact([
    module.ingest_sqs.function_name,
    one(module.ingest_kinesis[*].function_name),
    module.http_function.function_name,
  ])
}

output "worker_autoscaling_group" {
  description = "Name of the GPU workers' Auto Scaling group."
  value       = aws_autoscaling_group.workers.name
}

output "alarm_topic_arn" {
  description = "SNS topic the alarms notify; subscribe more endpoints to it."
  value       = aws_sns_topic.alarms.arn
}
