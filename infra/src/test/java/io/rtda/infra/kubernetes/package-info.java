/**
 * Kubernetes and Knative manifest checks: {@link io.rtda.infra.kubernetes.Manifests} loads
 * {@code infra/k8s} (one resource per file) as plain YAML; {@link io.rtda.infra.kubernetes.ManifestChecker}
 * holds it to the build (image names and tags, health endpoints, CloudEvent types) and to the GPU worker's
 * scheduling needs.
 */
package io.rtda.infra.kubernetes;
