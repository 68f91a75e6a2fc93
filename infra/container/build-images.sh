#!/usr/bin/env bash
# Builds RTDA's two images from the repository root, tagged with the Maven project version:
#   rtda-functions  (infra/container/Dockerfile.jvm: all-in-one server and front functions)
#   rtda-worker     (infra/container/Dockerfile.worker: GPU analytics worker, OpenCL)
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

"$engine" build -f infra/container/Dockerfile.jvm -t "${prefix}rtda-functions:$version" .
"$engine" build -f infra/container/Dockerfile.worker -t "${prefix}rtda-worker:$version" .

if [ -n "$registry" ]; then
  "$engine" push "${prefix}rtda-functions:$version"
  "$engine" push "${prefix}rtda-worker:$version"
fi
echo "built ${prefix}rtda-functions:$version and ${prefix}rtda-worker:$version"
