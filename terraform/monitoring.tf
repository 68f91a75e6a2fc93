# Alarms that mean readings are not being analysed: failed or throttled functions (in the Lambda module),
# a growing ingest backlog, messages dead-lettered, API 5xx, partitions without a consumer, workers down.

resource "aws_sns_topic" "alarms" {
  name = "${var.name_prefix}-alarms"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "ingest_dlq_not_empty" {
  alarm_name          = "${var.name_prefix}-ingest-dlq-not-empty"
  alarm_description   = "Readings were dead-lettered after ${var.sqs_max_receive_count} failed deliveries: inspect ${aws_sqs_queue.ingest_dlq.name} and redrive."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.ingest_dlq.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "ingest_backlog" {
  alarm_name          = "${var.name_prefix}-ingest-backlog"
  alarm_description   = "The oldest reading waiting in ${aws_sqs_queue.ingest.name} is older than ${var.queue_backlog_alarm_age_s} s: ingest cannot keep up or is failing."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.ingest.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.queue_backlog_alarm_age_s
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "kinesis_iterator_age" {
  count = var.kinesis_enabled ? 1 : 0

  alarm_name          = "${var.name_prefix}-kinesis-iterator-age"
  alarm_description   = "The Kinesis ingest function is more than 5 minutes behind the stream."
  namespace           = "AWS/Lambda"
  metric_name         = "IteratorAge"
  dimensions          = { FunctionName = module.ingest_kinesis[0].function_name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = 300000
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name          = "${var.name_prefix}-api-5xx"
  alarm_description   = "The HTTP API answered 5xx to more than 1 % of requests for 5 minutes."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1
  evaluation_periods  = 5
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "rate"
    expression  = "100 * errors / MAX([errors, requests])"
    label       = "5xx %"
    return_data = true
  }
  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "5xx"
      dimensions  = { ApiId = aws_apigatewayv2_api.http.id, Stage = "$default" }
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "Count"
      dimensions  = { ApiId = aws_apigatewayv2_api.http.id, Stage = "$default" }
      period      = 60
      stat        = "Sum"
    }
  }
}

# Every worker consumes every partition queue (one active, the rest standing by), so fewer consumers than
# partitions means some partition has no worker at all and its readings pile up.
resource "aws_cloudwatch_metric_alarm" "partitions_without_consumer" {
  alarm_name          = "${var.name_prefix}-partitions-without-consumer"
  alarm_description   = "The broker has fewer consumers than the ${var.broker_partitions} partition queues: some streams are not analysed."
  namespace           = "AWS/AmazonMQ"
  metric_name         = "ConsumerCount"
  dimensions          = { Broker = aws_mq_broker.this.broker_name }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 3
  comparison_operator = "LessThanThreshold"
  threshold           = var.broker_partitions
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "workers_in_service" {
  alarm_name          = "${var.name_prefix}-workers-in-service"
  alarm_description   = "Fewer GPU workers in service than worker_min_size (${var.worker_min_size}): partitions have less failover room."
  namespace           = "AWS/AutoScaling"
  metric_name         = "GroupInServiceInstances"
  dimensions          = { AutoScalingGroupName = aws_autoscaling_group.workers.name }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "LessThanThreshold"
  threshold           = var.worker_min_size
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}
