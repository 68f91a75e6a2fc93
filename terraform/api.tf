# The HTTP API (API Gateway v2) in front of the query/ingest function: ingest over HTTP and metrics reads.
# Only the listed routes exist; anything else is a 404 from API Gateway without invoking the function.

locals {
  # What the http function serves (docs/serverless.md): ingest, and the metrics of one stream. The greedy
  # {path+} carries stream ids that contain '/' (allowed in ids), which a one-segment {id} cannot; the function
  # answers .../streams/<id>/metrics and a problem-document 404 for anything else under it.
  http_routes = [
    "POST /api/v1/readings",
    "GET /api/v1/streams/{path+}",
  ]
}

module "http_function" {
  source = "./modules/quarkus_lambda"

  name                 = "${var.name_prefix}-http"
  description          = "RTDA HTTP API: ingest over HTTP and metrics queries (API Gateway HTTP API v2 events)"
  zip_path             = var.lambda_zip_path
  image_uri            = local.lambda_image_uri
  handler              = local.lambda_handler
  runtime              = local.lambda_runtime
  quarkus_handler      = "http"
  memory_mb            = var.lambda_memory_mb
  timeout_s            = min(var.lambda_timeout_s, 29)
  reserved_concurrency = var.lambda_reserved_concurrency
  environment          = local.front_environment
  subnet_ids           = aws_subnet.private[*].id
  security_group_ids   = [aws_security_group.functions.id]
  policy_json          = null
  log_retention_days   = var.log_retention_days
  alarm_topic_arn      = aws_sns_topic.alarms.arn
}

resource "aws_apigatewayv2_api" "http" {
  name          = "${var.name_prefix}-api"
  description   = "RTDA readings ingest and metrics"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "http" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = module.http_function.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 29000
}

resource "aws_apigatewayv2_route" "http" {
  for_each = toset(local.http_routes)

  api_id    = aws_apigatewayv2_api.http.id
  route_key = each.value
  target    = "integrations/${aws_apigatewayv2_integration.http.id}"
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/apigateway/${var.name_prefix}-api"
  retention_in_days = var.log_retention_days
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit  = var.api_throttle_rate
    throttling_burst_limit = var.api_throttle_burst
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      routeKey           = "$context.routeKey"
      status             = "$context.status"
      latencyMs          = "$context.responseLatency"
      integrationError   = "$context.integrationErrorMessage"
      sourceIp           = "$context.identity.sourceIp"
      responseLengthByte = "$context.responseLength"
    })
  }
}

resource "aws_lambda_permission" "http_api" {
  statement_id  = "AllowInvokeFromHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = module.http_function.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
}
