#!/usr/bin/env bash
# Builds RTDA's three images from the repository root, tagged with the Maven project version:
#   rtda-functions  (infra/container/Dockerfile.jvm: all-in-one server and front functions)
#   rtda-worker     (infra/container/Dockerfile.worker: GPU analytics worker, OpenCL)
#   rtda-lambda     (infra/container/Dockerfile.lambda: the Lambda functions with an AOT cache, package_type Image)
# Usage: infra/container/build-images.sh [REGISTRY]   e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com
# With a registry the images are pushed too (log in first; terraform output ecr_repository_urls).
# Needs Docker with BuildKit or Podman (CONTAINER_ENGINE=podman); neither runs on the development machine,
# so CI checks these files statically (infra module, ContainerCheckerTest).
set -euo pipefail
cd "$(dirname "$0")/../.."

engine=${CONTAINER_ENGINE:-docker}
registry=${1:-}
prefix=${registry:+$registry/}
version=$(grep -m1 -oP '(?<=<version>)[^<]+' pom.xml)

if [ ! -f functions/target/quarkus-app/quarkus-run.jar ]; then
  echo "build-images: building the application first (./mvnw package -DskipTests -pl functions -am)"
  ./mvnw -B -ntp package -DskipTests -Dcheckstyle.skip -pl functions -am
fi
if [ ! -f lambda/target/function.zip ] || [ ! -d lambda/target/lambda-ric ]; then
  echo "build-images: building the Lambda function and its runtime client (./mvnw package -Plambda-image -pl lambda -am)"
  ./mvnw -B -ntp package -DskipTests -Dcheckstyle.skip -Plambda-image -pl lambda -am
fi

"$engine" build -f infra/container/Dockerfile.jvm -t "${prefix}rtda-functions:$version" .
"$engine" build -f infra/container/Dockerfile.worker -t "${prefix}rtda-worker:$version" .
"$engine" build -f infra/container/Dockerfile.lambda -t "${prefix}rtda-lambda:$version" .

if [ -n "$registry" ]; then
  "$engine" push "${prefix}rtda-functions:$version"
  "$engine" push "${prefix}rtda-worker:$version"
  "$engine" push "${prefix}rtda-lambda:$version"
fi
echo "built ${prefix}rtda-functions:$version, ${prefix}rtda-worker:$version and ${prefix}rtda-lambda:$version"
