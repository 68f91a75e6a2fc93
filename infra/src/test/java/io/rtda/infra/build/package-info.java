/**
 * What the Maven build produces and the deployment files must agree with: the Quarkus and project versions
 * and Java release from the root pom, the Lambda handler, runtime and artifact, the image names, the health
 * endpoints and the Knative CloudEvent types the functions map. Each fact has one constant or one reader
 * here, so a change to the build is a change in one place.
 */
package io.rtda.infra.build;
