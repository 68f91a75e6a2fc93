# Every variable is typed and described; constrained ones are validated so a bad value fails at plan time
# with the rule, not at apply time with an AWS error. terraform/README.md's table is generated from this
# file (infra module, VariablesTableTest).

variable "aws_region" {
  type        = string
  description = "AWS region to deploy into, e.g. eu-west-1."
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be an AWS region code such as eu-west-1."
  }
}

variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name (functions, queues, broker, log groups)."
  default     = "rtda"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.name_prefix))
    error_message = "name_prefix must be 2-20 characters of lower-case letters, digits and '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Deployment stage, added as the Environment tag."
  default     = "prod"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "lambda_zip_path" {
  type        = string
  description = "The Lambda artifact written by the Maven build (./mvnw package -pl lambda -am), relative to this directory."
  default     = "../lambda/target/function.zip"

  validation {
    condition     = endswith(var.lambda_zip_path, ".zip")
    error_message = "lambda_zip_path must name the function.zip the Maven build writes."
  }
}

variable "lambda_image_tag" {
  type        = string
  description = "Tag of the rtda-lambda container image in its ECR repository (infra/container/build-images.sh tags the Maven project version). Set, the functions deploy that image, which carries a JDK AOT cache (cold start about 1 s against 2 s measured locally, docs/serverless.md); null deploys lambda_zip_path on the managed java21 runtime."
  default     = null

  validation {
    condition     = var.lambda_image_tag == null || can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.lambda_image_tag))
    error_message = "lambda_image_tag must be null or a valid image tag (letters, digits, '_', '.', '-'; at most 128)."
  }
}

variable "lambda_memory_mb" {
  type        = number
  description = "Memory of each ingest/query function in MB; Lambda's CPU share grows with it (1769 MB = one vCPU)."
  default     = 1024

  validation {
    condition     = var.lambda_memory_mb >= 256 && var.lambda_memory_mb <= 10240
    error_message = "lambda_memory_mb must be between 256 and 10240 (a JVM needs at least 256)."
  }
}

variable "lambda_timeout_s" {
  type        = number
  description = "Timeout of each function in seconds. The SQS queue's visibility timeout is set to six times this."
  default     = 30

  validation {
    condition     = var.lambda_timeout_s >= 3 && var.lambda_timeout_s <= 900
    error_message = "lambda_timeout_s must be between 3 and 900."
  }
}

variable "lambda_reserved_concurrency" {
  type        = number
  description = "Reserved concurrent executions per function, capping the load on the broker; -1 leaves it unreserved."
  default     = 50

  validation {
    condition     = var.lambda_reserved_concurrency == -1 || (var.lambda_reserved_concurrency >= 1 && var.lambda_reserved_concurrency <= 1000)
    error_message = "lambda_reserved_concurrency must be -1 (unreserved) or between 1 and 1000."
  }
}

variable "sqs_batch_size" {
  type        = number
  description = "Most SQS messages handed to one invocation (each message holds one reading or an array)."
  default     = 100

  validation {
    condition     = var.sqs_batch_size >= 1 && var.sqs_batch_size <= 10000
    error_message = "sqs_batch_size must be between 1 and 10000."
  }
}

variable "sqs_batching_window_s" {
  type        = number
  description = "Seconds the SQS event source waits to fill a batch (needed above 10 messages)."
  default     = 1

  validation {
    condition     = var.sqs_batching_window_s >= 0 && var.sqs_batching_window_s <= 300
    error_message = "sqs_batching_window_s must be between 0 and 300."
  }
}

variable "sqs_max_receive_count" {
  type        = number
  description = "Deliveries of one SQS message before it moves to the dead-letter queue (poison records stop retrying)."
  default     = 3

  validation {
    condition     = var.sqs_max_receive_count >= 1 && var.sqs_max_receive_count <= 100
    error_message = "sqs_max_receive_count must be between 1 and 100."
  }
}

variable "kinesis_enabled" {
  type        = bool
  description = "Also create a Kinesis data stream and its ingest function (SQS is always created)."
  default     = false
}

variable "kinesis_shard_count" {
  type        = number
  description = "Shards of the Kinesis stream (provisioned mode); 0 uses on-demand capacity."
  default     = 0

  validation {
    condition     = var.kinesis_shard_count >= 0 && var.kinesis_shard_count <= 500
    error_message = "kinesis_shard_count must be between 0 (on-demand) and 500."
  }
}

variable "kinesis_batch_size" {
  type        = number
  description = "Most Kinesis records handed to one invocation."
  default     = 500

  validation {
    condition     = var.kinesis_batch_size >= 1 && var.kinesis_batch_size <= 10000
    error_message = "kinesis_batch_size must be between 1 and 10000."
  }
}

variable "kinesis_max_retry_attempts" {
  type        = number
  description = "Retries of a failing Kinesis batch before its failed records go to the dead-letter queue."
  default     = 3

  validation {
    condition     = var.kinesis_max_retry_attempts >= 0 && var.kinesis_max_retry_attempts <= 10000
    error_message = "kinesis_max_retry_attempts must be between 0 and 10000."
  }
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR block of the VPC; three public and three private subnets, a sixteenth of it each, are cut from it."
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && try(tonumber(split("/", var.vpc_cidr)[1]) <= 18, false)
    error_message = "vpc_cidr must be an IPv4 CIDR block of /18 or larger."
  }
}

variable "broker_instance_type" {
  type        = string
  description = "Amazon MQ for RabbitMQ instance type."
  default     = "mq.m7g.large"

  validation {
    condition     = can(regex("^mq\\.[a-z0-9]+\\.[a-z0-9]+$", var.broker_instance_type))
    error_message = "broker_instance_type must be an Amazon MQ instance type such as mq.m7g.large."
  }
}

variable "broker_engine_version" {
  type        = string
  description = "RabbitMQ engine version on Amazon MQ (major.minor; minor upgrades are automatic)."
  default     = "3.13"

  validation {
    condition     = can(regex("^[34]\\.[0-9]+$", var.broker_engine_version))
    error_message = "broker_engine_version must be a RabbitMQ major.minor version such as 3.13."
  }
}

variable "broker_deployment_mode" {
  type        = string
  description = "SINGLE_INSTANCE (one node) or CLUSTER_MULTI_AZ (three nodes across zones, for production)."
  default     = "CLUSTER_MULTI_AZ"

  validation {
    condition     = contains(["SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"], var.broker_deployment_mode)
    error_message = "broker_deployment_mode must be SINGLE_INSTANCE or CLUSTER_MULTI_AZ."
  }
}

variable "broker_partitions" {
  type        = number
  description = "P: readings are partitioned by stream into queues rtda.readings.0 .. P-1, each owned by one worker."
  default     = 16

  validation {
    condition     = var.broker_partitions >= 1 && var.broker_partitions <= 1024 && floor(var.broker_partitions) == var.broker_partitions
    error_message = "broker_partitions must be a whole number between 1 and 1024."
  }
}

variable "worker_instance_type" {
  type        = string
  description = "EC2 instance type of the GPU workers (an NVIDIA GPU family: g4dn, g5, g6, g6e, p4d, p5, ...)."
  default     = "g6.xlarge"

  validation {
    condition     = can(regex("^(g4dn|g5|g6|g6e|gr6|p3|p4d|p4de|p5|p5e|p5en)\\.[0-9]*[a-z]+$", var.worker_instance_type))
    error_message = "worker_instance_type must be an NVIDIA GPU instance type (g4dn, g5, g6, g6e, gr6, p3, p4d, p4de, p5, p5e, p5en)."
  }
}

variable "worker_ami_ssm_parameter" {
  type        = string
  description = "SSM parameter holding the worker AMI id: an image with the NVIDIA driver, Docker and the NVIDIA Container Toolkit."
  default     = "/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id"

  validation {
    condition     = startswith(var.worker_ami_ssm_parameter, "/")
    error_message = "worker_ami_ssm_parameter must be an SSM parameter path starting with '/'."
  }
}

variable "worker_min_size" {
  type        = number
  description = "Fewest GPU workers; keep at least 2 so a failed worker's partitions have somewhere to go."
  default     = 2

  validation {
    condition     = var.worker_min_size >= 1 && var.worker_min_size <= 100
    error_message = "worker_min_size must be between 1 and 100."
  }
}

variable "worker_max_size" {
  type        = number
  description = "Most GPU workers. The EC2 workers have no partition index, so the first one up takes every partition and the others stand by to take over (availability, not throughput)."
  default     = 4

  validation {
    condition     = var.worker_max_size >= 1 && var.worker_max_size <= 100
    error_message = "worker_max_size must be between 1 and 100 (and at least worker_min_size)."
  }
}

variable "worker_image_tag" {
  type        = string
  description = "Tag of the rtda-worker image in its ECR repository (infra/container/build-images.sh tags the Maven project version)."
  default     = "0.1.0-SNAPSHOT"

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.worker_image_tag))
    error_message = "worker_image_tag must be a valid image tag (letters, digits, '_', '.', '-'; at most 128)."
  }
}

variable "worker_root_volume_gb" {
  type        = number
  description = "Size of each worker's encrypted root volume in GB (the GPU AMI and the image need about 40)."
  default     = 60

  validation {
    condition     = var.worker_root_volume_gb >= 40 && var.worker_root_volume_gb <= 1000
    error_message = "worker_root_volume_gb must be between 40 and 1000."
  }
}

variable "api_key_digests" {
  type        = list(string)
  description = "SHA-256 hex digests of the API keys allowed to write (printf %s \"$KEY\" | sha256sum); never the keys."
  sensitive   = true

  validation {
    condition     = length(var.api_key_digests) > 0 && alltrue([for d in var.api_key_digests : can(regex("^[0-9a-f]{64}$", d))])
    error_message = "api_key_digests must hold at least one 64-character lower-case hex SHA-256 digest."
  }
}

variable "api_throttle_rate" {
  type        = number
  description = "Steady-state requests per second the HTTP API accepts before answering 429."
  default     = 500

  validation {
    condition     = var.api_throttle_rate >= 1 && var.api_throttle_rate <= 10000
    error_message = "api_throttle_rate must be between 1 and 10000."
  }
}

variable "api_throttle_burst" {
  type        = number
  description = "Burst of requests the HTTP API accepts above api_throttle_rate."
  default     = 1000

  validation {
    condition     = var.api_throttle_burst >= 1 && var.api_throttle_burst <= 5000
    error_message = "api_throttle_burst must be between 1 and 5000."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the functions', API's and workers' logs."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ... 3653."
  }
}

variable "alarm_email" {
  type        = string
  description = "Address subscribed to the alarm topic (confirm the e-mail AWS sends); null subscribes nobody."
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address or null."
  }
}

variable "queue_backlog_alarm_age_s" {
  type        = number
  description = "Alarm when the oldest message waiting in the ingest queue is older than this many seconds."
  default     = 300

  validation {
    condition     = var.queue_backlog_alarm_age_s >= 60 && var.queue_backlog_alarm_age_s <= 86400
    error_message = "queue_backlog_alarm_age_s must be between 60 and 86400."
  }
}
