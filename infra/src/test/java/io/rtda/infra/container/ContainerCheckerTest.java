package io.rtda.infra.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.infra.build.BrokenCopy;
import io.rtda.infra.build.BuildFacts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code infra/container} passes; each rule catches a copy broken in one place. */
class ContainerCheckerTest {

    private static Path root;
    private static BuildFacts facts;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadFacts() {
        root = BuildFacts.repositoryRoot();
        facts = BuildFacts.load(root);
    }

    @Test
    void shouldPassTheRepositoryContainerFiles() {
        List<String> violations = new ContainerChecker(facts).check(root.resolve("infra/container"));
        assertEquals(List.of(), violations, "infra/container violates the rules:\n" + String.join("\n", violations));
    }

    @Test
    void shouldReadTheQuarkusVersionFromTheRootPom() {
        assertTrue(facts.quarkusVersion().matches("\\d+\\.\\d+\\.\\d+"), "quarkus.version " + facts.quarkusVersion());
        Dockerfile jvm = Dockerfile.read(root.resolve("infra/container/Dockerfile.jvm"));
        assertEquals(facts.quarkusVersion(), jvm.globalArg("QUARKUS_VERSION"));
    }

    @Test
    void shouldRejectQuarkusVersionOtherThanThePoms() throws IOException {
        Path dir = mutate("Dockerfile.worker", "ARG QUARKUS_VERSION=" + facts.quarkusVersion(),
                "ARG QUARKUS_VERSION=3.15.1");
        assertViolation(dir, "Dockerfile.worker: ARG QUARKUS_VERSION is 3.15.1, the root pom's quarkus.version is "
                + facts.quarkusVersion());
    }

    @Test
    void shouldRejectMissingQuarkusLabel() throws IOException {
        Path dir = mutate("Dockerfile.jvm", "io.quarkus.version=\"${QUARKUS_VERSION}\"", "quarkus=\"yes\"");
        assertViolation(dir, "Dockerfile.jvm: no LABEL io.quarkus.version");
    }

    @Test
    void shouldRejectUnpinnedBaseImage() throws IOException {
        Path dir = mutate("Dockerfile.jvm", "FROM eclipse-temurin:25-jre-noble", "FROM eclipse-temurin:latest");
        assertViolation(dir, "base image eclipse-temurin:latest is not pinned");
    }

    @Test
    void shouldRejectBaseImageWithoutTag() throws IOException {
        Path dir = mutate("Dockerfile.worker", "FROM eclipse-temurin:25-jre-noble AS jre",
                "FROM eclipse-temurin AS jre");
        assertViolation(dir, "base image eclipse-temurin is not pinned");
    }

    @Test
    void shouldRejectCopyFromOutsideTheBuildOutput() throws IOException {
        Path dir = mutate("Dockerfile.jvm", "COPY --chown=185:0 functions/target/quarkus-app/app/ /deployments/app/",
                "COPY --chown=185:0 functions/target/quarkus-app/app/ /deployments/app/\n"
                        + "COPY data/ /deployments/data/");
        assertViolation(dir, "COPY data/ is not from the Maven build's functions/target/quarkus-app/");
    }

    @Test
    void shouldRejectIncompleteFastJar() throws IOException {
        Path dir = mutate("Dockerfile.worker",
                "COPY --chown=185:0 functions/target/quarkus-app/quarkus/ /deployments/quarkus/\n", "");
        assertViolation(dir, "Dockerfile.worker: does not COPY functions/target/quarkus-app/quarkus/");
    }

    @Test
    void shouldRejectEntrypointWithoutVectorModule() throws IOException {
        Path dir = mutate("Dockerfile.jvm", "\"--add-modules\", \"jdk.incubator.vector\", ", "");
        assertViolation(dir, "Dockerfile.jvm: ENTRYPOINT must be exec form");
    }

    @Test
    void shouldRejectShellFormEntrypoint() throws IOException {
        Path dir = mutate("Dockerfile.worker", "ENTRYPOINT [\"java\",", "ENTRYPOINT java [\"java\",");
        assertViolation(dir, "Dockerfile.worker: ENTRYPOINT must be exec form");
    }

    @Test
    void shouldRejectRootUser() throws IOException {
        Path dir = mutate("Dockerfile.jvm", "USER 185", "USER root");
        assertViolation(dir, "Dockerfile.jvm: runs as root");
    }

    @Test
    void shouldRejectMissingHttpPort() throws IOException {
        Path dir = mutate("Dockerfile.worker", "EXPOSE 8080", "EXPOSE 9000");
        assertViolation(dir, "Dockerfile.worker: does not EXPOSE 8080");
    }

    @Test
    void shouldRejectWrongDefaultMode() throws IOException {
        Path dir = mutate("Dockerfile.worker", "RTDA_MODE=worker", "RTDA_MODE=front");
        assertViolation(dir, "Dockerfile.worker: ENV RTDA_MODE is front, expected worker");
    }

    @Test
    void shouldRejectWorkerWithoutIcdLoader() throws IOException {
        Path dir = mutate("Dockerfile.worker", "--no-install-recommends ocl-icd-libopencl1",
                "--no-install-recommends ca-certificates");
        assertViolation(dir, "does not install ocl-icd-libopencl1");
    }

    @Test
    void shouldRejectWorkerWithoutNvidiaIcdRegistration() throws IOException {
        Path dir = mutate("Dockerfile.worker", "echo libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd",
                "touch /etc/OpenCL/vendors/nvidia.icd");
        assertViolation(dir, "does not register the NVIDIA ICD");
    }

    @Test
    void shouldRejectWorkerWithoutComputeCapability() throws IOException {
        Path dir = mutate("Dockerfile.worker", "NVIDIA_DRIVER_CAPABILITIES=compute,utility",
                "NVIDIA_DRIVER_CAPABILITIES=utility");
        assertViolation(dir, "NVIDIA_DRIVER_CAPABILITIES is 'utility'");
    }

    @Test
    void shouldRejectWorkerWithoutCudaBase() throws IOException {
        Path dir = mutate("Dockerfile.worker", "FROM nvidia/cuda:12.6.3-base-ubuntu24.04", "FROM ubuntu:24.04");
        assertViolation(dir, "no nvidia/cuda base image");
    }

    @Test
    void shouldRejectIgnoreFileExcludingTheBuildOutput() throws IOException {
        Path dir = mutate("Dockerfile.jvm.dockerignore", "!functions/target/quarkus-app/", "!functions/");
        assertViolation(dir, "Dockerfile.jvm.dockerignore: must exist and admit !functions/target/quarkus-app/");
    }

    @Test
    void shouldRejectBuildScriptNamingAnotherImage() throws IOException {
        Path dir = mutate("build-images.sh", "-t \"${prefix}rtda-worker:$version\"", "-t \"${prefix}worker:$version\"");
        assertViolation(dir, "build-images.sh: builds Dockerfile.worker as worker, the manifests and Terraform expect "
                + "rtda-worker");
    }

    @Test
    void shouldRejectLambdaArchiveWrittenInAnEarlierStage() throws IOException {
        Path dir = mutate("Dockerfile.lambda", "# Serial GC: what AWS",
                "FROM eclipse-temurin:25-jre-noble\n# Serial GC: what AWS");
        assertViolation(dir, "Dockerfile.lambda: no training RUN (-XX:AOTCacheOutput=... or "
                + "-XX:ArchiveClassesAtExit=...) in the final stage");
    }

    @Test
    void shouldRejectLambdaImageWithoutTraining() throws IOException {
        Path dir = mutate("Dockerfile.lambda", "-XX:AOTCacheOutput=/function/rtda.aot ", "");
        assertViolation(dir, "Dockerfile.lambda: no training RUN");
    }

    @Test
    void shouldRejectLambdaImageReadingAnotherArchive() throws IOException {
        Path dir = mutate("Dockerfile.lambda", "JAVA_TOOL_OPTIONS=\"-XX:AOTCache=/function/rtda.aot",
                "JAVA_TOOL_OPTIONS=\"-XX:AOTCache=/tmp/rtda.aot");
        assertViolation(dir, "Dockerfile.lambda: JAVA_TOOL_OPTIONS must read the archive the training wrote "
                + "(/function/rtda.aot) with -XX:AOTCache= or -XX:SharedArchiveFile=, set after the training RUN; "
                + "reads /tmp/rtda.aot");
    }

    @Test
    void shouldRejectLambdaImageWithoutTheHandlerCommand() throws IOException {
        Path dir = mutate("Dockerfile.lambda", "CMD [\"io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler",
                "CMD [\"io.rtda.lambda.EventsHandler");
        assertViolation(dir, "Dockerfile.lambda: CMD must be [\"" + BuildFacts.LAMBDA_HANDLER + "\"]");
    }

    @Test
    void shouldRejectLambdaEntrypointWithoutTheRuntimeClient() throws IOException {
        Path dir = mutate("Dockerfile.lambda", "\"com.amazonaws.services.lambda.runtime.api.client.AWSLambda\"]",
                "\"io.rtda.lambda.bench.ColdStartBench\"]");
        assertViolation(dir, "Dockerfile.lambda: ENTRYPOINT must be exec form running "
                + LambdaImageRules.RIC_MAIN);
    }

    @Test
    void shouldRejectLambdaCopyOutsideTheLambdaBuild() throws IOException {
        Path dir = mutate("Dockerfile.lambda", "COPY lambda/target/function.zip /tmp/function.zip",
                "COPY functions/target/quarkus-app/ /tmp/function/");
        assertViolation(dir, "COPY functions/target/quarkus-app/ is not one of the lambda module's build outputs");
        assertViolation(dir, "Dockerfile.lambda: does not COPY lambda/target/function.zip");
    }

    @Test
    void shouldRejectLambdaIgnoreFileExcludingTheRuntimeClient() throws IOException {
        Path dir = mutate("Dockerfile.lambda.dockerignore", "!lambda/target/lambda-ric/\n", "");
        assertViolation(dir, "Dockerfile.lambda.dockerignore: must exist and admit !lambda/target/lambda-ric/");
    }

    @Test
    void shouldRejectBuildScriptWithoutTheLambdaImage() throws IOException {
        Path dir = mutate("build-images.sh", "-f infra/container/Dockerfile.lambda",
                "-f infra/container/Dockerfile.jvm");
        assertViolation(dir, "build-images.sh: builds Dockerfile.lambda as null, the manifests and Terraform expect "
                + "rtda-lambda");
    }

    private void assertViolation(Path dir, String expected) {
        BrokenCopy.assertViolation(new ContainerChecker(facts).check(dir), expected);
    }

    private Path mutate(String file, String from, String to) throws IOException {
        return BrokenCopy.of(root, tmp, "infra/container", file, from, to);
    }
}
