/**
 * Container build checks without a container engine: {@link io.rtda.infra.container.Dockerfile} reads a
 * Dockerfile into instructions; {@link io.rtda.infra.container.ContainerChecker} holds the two images' files
 * and the build script to the Maven build (Quarkus version, fast-jar layout, image names) and the worker image
 * to the GPU facts (OpenCL ICD loader, NVIDIA ICD registration, driver capabilities).
 */
package io.rtda.infra.container;
