variable "name" {
  type        = string
  description = "Function name; also names its role and log group."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, '-' or '_' (a Lambda function name)."
  }
}

variable "description" {
  type        = string
  description = "What the function does, shown in the Lambda console."
}

variable "zip_path" {
  type        = string
  description = "Path of the function.zip the Maven build writes."
}

variable "image_uri" {
  type        = string
  description = "A container image (ECR URI with tag) to deploy instead of zip_path; its CMD names the handler and it carries its own JVM, so handler and runtime are not used."
  default     = null
}

variable "handler" {
  type        = string
  description = "Lambda handler of the Quarkus build (Quarkus's stream handler)."
}

variable "runtime" {
  type        = string
  description = "Lambda runtime matching the build's Java release, e.g. java21."

  validation {
    condition     = can(regex("^java[0-9]+$", var.runtime))
    error_message = "runtime must be a Java runtime such as java21."
  }
}

variable "quarkus_handler" {
  type        = string
  description = "The @Named request handler Quarkus dispatches to (QUARKUS_LAMBDA_HANDLER)."
}

variable "memory_mb" {
  type        = number
  description = "Memory in MB."

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240
    error_message = "memory_mb must be between 128 and 10240."
  }
}

variable "timeout_s" {
  type        = number
  description = "Timeout in seconds."

  validation {
    condition     = var.timeout_s >= 1 && var.timeout_s <= 900
    error_message = "timeout_s must be between 1 and 900."
  }
}

variable "reserved_concurrency" {
  type        = number
  description = "Reserved concurrent executions; -1 for none."

  validation {
    condition     = var.reserved_concurrency >= -1
    error_message = "reserved_concurrency must be -1 (unreserved) or more."
  }
}

variable "environment" {
  type        = map(string)
  description = "Environment variables of the function (QUARKUS_LAMBDA_HANDLER is added)."
  sensitive   = true
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets for the function's network interfaces (it reaches the broker inside the VPC)."
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups of the function's network interfaces."
}

variable "policy_json" {
  type        = string
  description = "IAM policy document with the function's own permissions (its event source); null for none."
  default     = null
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the function's logs."

  validation {
    condition     = var.log_retention_days >= 1
    error_message = "log_retention_days must be positive."
  }
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic the function's error and throttle alarms notify."
}
