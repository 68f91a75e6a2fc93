# GPU analytics workers: an Auto Scaling group of NVIDIA GPU instances whose launch template runs the
# rtda-worker container (infra/container/Dockerfile.worker) with the GPU. The AMI brings the NVIDIA driver,
# Docker and the NVIDIA Container Toolkit; templates/worker-user-data.sh.tftpl registers the OpenCL ICD,
# reads the broker credentials and starts the container. Workers own partitions through RabbitMQ's
# single-active-consumer, so instances are interchangeable and the group may replace any of them.

data "aws_ssm_parameter" "worker_ami" {
  name = var.worker_ami_ssm_parameter
}

resource "aws_ecr_repository" "images" {
  for_each = toset(local.image_names)

  name                 = "${var.name_prefix}/${each.value}"
  image_tag_mutability = "MUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "images" {
  for_each = aws_ecr_repository.images

  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the 20 newest images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 20
      }
      action = { type = "expire" }
    }]
  })
}

resource "aws_cloudwatch_log_group" "workers" {
  name              = "/rtda/${var.name_prefix}/workers"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "workers_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "workers" {
  name_prefix        = "${var.name_prefix}-workers-"
  description        = "RTDA GPU workers: pull the worker image, read the broker secret, write their logs"
  assume_role_policy = data.aws_iam_policy_document.workers_assume.json
}

# Least privilege: the one repository, the one secret, the one log group. Only ECR's token call has no
# resource-level permission.
data "aws_iam_policy_document" "workers" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "PullWorkerImage"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    resources = [aws_ecr_repository.images["rtda-worker"].arn]
  }
  statement {
    sid       = "ReadBrokerCredentials"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.broker.arn]
  }
  statement {
    sid       = "WriteWorkerLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.workers.arn}:*"]
  }
}

resource "aws_iam_role_policy" "workers" {
  name   = "rtda-worker"
  role   = aws_iam_role.workers.id
  policy = data.aws_iam_policy_document.workers.json
}

# Shell access through Session Manager instead of SSH: no key pair, no open port 22.
resource "aws_iam_role_policy_attachment" "workers_ssm" {
  role       = aws_iam_role.workers.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "workers" {
  name_prefix = "${var.name_prefix}-workers-"
  role        = aws_iam_role.workers.name
}

resource "aws_launch_template" "workers" {
  name_prefix            = "${var.name_prefix}-worker-"
  description            = "RTDA GPU worker: runs the rtda-worker container with the GPU"
  image_id               = data.aws_ssm_parameter.worker_ami.value
  instance_type          = var.worker_instance_type
  vpc_security_group_ids = [aws_security_group.workers.id]
  update_default_version = true

  iam_instance_profile {
    arn = aws_iam_instance_profile.workers.arn
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = var.worker_root_volume_gb
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = true
  }

  user_data = base64encode(templatefile("${path.module}/templates/worker-user-data.sh.tftpl", {
    region            = var.aws_region
    registry          = split("/", aws_ecr_repository.images["rtda-worker"].repository_url)[0]
    image             = "${aws_ecr_repository.images["rtda-worker"].repository_url}:${var.worker_image_tag}"
    broker_secret_arn = aws_secretsmanager_secret.broker.arn
    broker_host       = local.broker_host
    partitions        = var.broker_partitions
    api_key_digests   = join(",", var.api_key_digests)
    log_group         = aws_cloudwatch_log_group.workers.name
  }))

  tag_specifications {
    resource_type = "instance"
    tags = merge(local.tags, {
      Name = "${var.name_prefix}-worker"
    })
  }
}

resource "aws_autoscaling_group" "workers" {
  name_prefix               = "${var.name_prefix}-workers-"
  min_size                  = var.worker_min_size
  max_size                  = var.worker_max_size
  vpc_zone_identifier       = aws_subnet.private[*].id
  health_check_type         = "EC2"
  health_check_grace_period = 300
  enabled_metrics           = ["GroupInServiceInstances", "GroupDesiredCapacity"]

  launch_template {
    id      = aws_launch_template.workers.id
    version = aws_launch_template.workers.latest_version
  }

  # A new launch template version (new image tag, AMI, type) replaces workers one batch at a time; the
  # others keep their partitions meanwhile.
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 50
    }
  }

  tag {
    key                 = "Name"
    value               = "${var.name_prefix}-worker"
    propagate_at_launch = true
  }

  lifecycle {
    precondition {
      condition     = var.worker_max_size >= var.worker_min_size
      error_message = "worker_max_size must be at least worker_min_size."
    }
  }
}
