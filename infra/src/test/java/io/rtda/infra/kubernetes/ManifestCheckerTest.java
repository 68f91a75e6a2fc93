package io.rtda.infra.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.infra.build.BrokenCopy;
import io.rtda.infra.build.BuildFacts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code infra/k8s} passes; each rule catches a copy broken in one place (every mutation asserts
 * its target text exists first). The Trigger test reads the CloudEvent types from the functions'
 * application.properties, so it follows the app as its mappings change.
 */
class ManifestCheckerTest {

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
    void shouldPassTheRepositoryManifests() {
        List<String> violations = new ManifestChecker(facts).check(root.resolve("infra/k8s"));
        assertEquals(List.of(), violations, "infra/k8s violates the rules:\n" + String.join("\n", violations));
    }

    @Test
    void shouldReadTheTriggerMappingsFromTheFunctionsConfiguration() {
        assertTrue(facts.triggerTypes().containsValue("io.rtda.readings.v1"), "mappings: " + facts.triggerTypes());
        assertTrue(facts.triggerTypes().containsValue("io.rtda.readings.batch.v1"),
                "mappings: " + facts.triggerTypes());
    }

    @Test
    void shouldRejectTwoResourcesInOneFile() throws IOException {
        Path dir = mutate("worker-pdb.yaml", "  maxUnavailable: 1\n",
                "  maxUnavailable: 1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n"
                        + "  namespace: rtda\n");
        assertViolation(dir, "worker-pdb.yaml#1 (ConfigMap extra): one resource per file");
    }

    @Test
    void shouldRejectWrongApiVersion() throws IOException {
        Path dir = mutate("worker-pdb.yaml", "apiVersion: policy/v1", "apiVersion: policy/v1beta1");
        assertViolation(dir, "apiVersion policy/v1beta1 is not the one used for kind PodDisruptionBudget");
    }

    @Test
    void shouldRejectResourceOutsideTheNamespace() throws IOException {
        Path dir = mutate("worker-service.yaml", "  namespace: rtda\n", "");
        assertViolation(dir, "worker-service.yaml (Service rtda-worker): metadata.namespace must be rtda");
    }

    @Test
    void shouldRejectFileMissingFromKustomization() throws IOException {
        Path dir = mutate("kustomization.yaml", "  - worker-pdb.yaml\n", "");
        assertViolation(dir, "resources does not list worker-pdb.yaml");
    }

    @Test
    void shouldRejectKustomizationListingAbsentFile() throws IOException {
        Path dir = mutate("kustomization.yaml", "  - worker-pdb.yaml\n", "  - worker-pdb.yaml\n  - gone.yaml\n");
        assertViolation(dir, "resources lists gone.yaml, which is not in");
    }

    @Test
    void shouldRejectKustomizationImageTheBuildDoesNotMake() throws IOException {
        Path dir = mutate("kustomization.yaml", "  - name: rtda-worker\n", "  - name: rtda-gpu\n");
        assertViolation(dir, "images entry rtda-gpu matches no image the build makes");
    }

    @Test
    void shouldRejectFrontThatDoesNotScaleFromZero() throws IOException {
        Path dir = mutate("knative-service-front.yaml", "min-scale: \"0\"", "min-scale: \"1\"");
        assertViolation(dir, "autoscaling.knative.dev/min-scale must be \"0\"");
    }

    @Test
    void shouldRejectFrontWithoutConcurrencyTarget() throws IOException {
        Path dir = mutate("knative-service-front.yaml", "      containerConcurrency: 100\n", "");
        assertViolation(dir, "needs a concurrency target");
    }

    @Test
    void shouldRejectImageTagOtherThanTheProjectVersion() throws IOException {
        Path dir = mutate("worker-statefulset.yaml", "image: rtda-worker:" + facts.projectVersion(),
                "image: rtda-worker:latest");
        assertViolation(dir, "image rtda-worker:latest is not the build's rtda-worker:" + facts.projectVersion());
    }

    @Test
    void shouldRejectFrontRunningTheWorkerImage() throws IOException {
        Path dir = mutate("knative-service-front.yaml", "image: rtda-functions:", "image: rtda-worker:");
        assertViolation(dir, "is not the build's rtda-functions:");
    }

    @Test
    void shouldRejectWrongMode() throws IOException {
        Path dir = mutate("worker-statefulset.yaml", "              value: worker\n", "              value: front\n");
        assertViolation(dir, "container worker: RTDA_MODE is front, expected worker");
    }

    @Test
    void shouldRejectWorkerCountOtherThanReplicas() throws IOException {
        Path dir = mutate("worker-statefulset.yaml", "  replicas: 2\n", "  replicas: 3\n");
        assertViolation(dir, "RTDA_BROKER_WORKER_COUNT is 2 but replicas is 3");
    }

    @Test
    void shouldRejectContainerWithoutTheHttpPort() throws IOException {
        Path dir = mutate("knative-service-front.yaml", "containerPort: 8080", "containerPort: 9090");
        assertViolation(dir, "container front: does not declare containerPort 8080");
    }

    @Test
    void shouldRejectReadinessProbeOffTheHealthEndpoint() throws IOException {
        Path dir = mutate("knative-service-front.yaml", "path: /q/health/ready", "path: /health");
        assertViolation(dir, "readinessProbe.httpGet.path is /health, expected /q/health/ready");
    }

    @Test
    void shouldRejectMissingLivenessProbe() throws IOException {
        Path dir = mutate("worker-statefulset.yaml", "          livenessProbe:\n", "          otherProbe:\n");
        assertViolation(dir, "livenessProbe.httpGet.path is null, expected /q/health/live");
    }

    @Test
    void shouldRejectProbeOnAnotherPort() throws IOException {
        Path dir = mutate("worker-statefulset.yaml", "              path: /q/health/ready\n              port: http",
                "              path: /q/health/ready\n              port: 9000");
        assertViolation(dir, "readinessProbe port 9000 is not the HTTP port 8080");
    }

    @Test
    void shouldRejectWorkerWithoutGpu() throws IOException {
        Path dir = mutate("worker-statefulset.yaml", "              memory: 8Gi\n              nvidia.com/gpu: 1\n"
                + "          # OpenCL", "              memory: 8Gi\n          # OpenCL");
        assertViolation(dir, "no container has resources.limits.nvidia.com/gpu >= 1");
    }

    @Test
    void shouldRejectWorkerWithoutGpuToleration() throws IOException {
        Path dir = mutate("worker-statefulset.yaml", "        - key: nvidia.com/gpu\n", "        - key: gpu\n");
        assertViolation(dir, "no toleration for key nvidia.com/gpu");
    }

    @Test
    void shouldRejectWorkerWithoutNodeSelection() throws IOException {
        Path dir = mutate("worker-statefulset.yaml",
                "      nodeSelector:\n        nvidia.com/gpu.present: \"true\"\n", "");
        assertViolation(dir, "no nodeSelector or node affinity");
    }

    @Test
    void shouldRejectTriggerForAnUnmappedType() throws IOException {
        Path dir = mutate("knative-trigger-readings.yaml", "type: io.rtda.readings.v1", "type: io.rtda.reading.v1");
        assertViolation(dir, "filters CloudEvent type io.rtda.reading.v1, which no function maps");
    }

    @Test
    void shouldRejectMappedTypeWithoutTrigger() throws IOException {
        Map<String, String> types = new TreeMap<>(facts.triggerTypes());
        types.put("query", "io.rtda.metrics.query.v1");
        BuildFacts more = new BuildFacts(root, facts.quarkusVersion(), facts.projectVersion(), facts.javaRelease(),
                types, facts.deadLetterPath());
        List<String> violations = new ManifestChecker(more).check(root.resolve("infra/k8s"));
        assertTrue(violations.contains("no Trigger for CloudEvent type io.rtda.metrics.query.v1 (function query): "
                + "its events would never reach the front"), String.join("\n", violations));
    }

    @Test
    void shouldRejectTriggerOnUndeclaredBroker() throws IOException {
        Path dir = mutate("knative-trigger-readings-batch.yaml", "  broker: rtda\n", "  broker: default\n");
        assertViolation(dir, "broker default is not declared here");
    }

    @Test
    void shouldRejectTriggerToUndeclaredSubscriber() throws IOException {
        Path dir = mutate("knative-trigger-readings.yaml", "      name: rtda-events", "      name: rtda-ingest");
        assertViolation(dir, "is not a Knative Service declared here");
    }

    @Test
    void shouldRejectDisruptionBudgetSelectingNothing() throws IOException {
        Path dir = mutate("worker-pdb.yaml", "app.kubernetes.io/name: rtda-worker", "app.kubernetes.io/name: worker");
        assertViolation(dir, "worker-pdb.yaml (PodDisruptionBudget rtda-worker): selector");
    }

    @Test
    void shouldRejectServiceSelectingNothing() throws IOException {
        Path dir = mutate("worker-service.yaml", "  selector:\n    app.kubernetes.io/name: rtda-worker",
                "  selector:\n    app: rtda-worker");
        assertViolation(dir, "worker-service.yaml (Service rtda-worker): selector {app=rtda-worker} matches no pod");
    }

    @Test
    void shouldRejectStatefulSetWithoutGoverningService() throws IOException {
        Path dir = mutate("worker-statefulset.yaml", "  serviceName: rtda-worker", "  serviceName: workers");
        assertViolation(dir, "serviceName workers names no Service declared here");
    }

    @Test
    void shouldRejectUndeclaredConfigMap() throws IOException {
        Path dir = mutate("knative-service-front.yaml", "                name: rtda-config",
                "                name: rtda-settings");
        assertViolation(dir, "configMapRef rtda-settings is not declared here");
    }

    @Test
    void shouldRejectUndeclaredServiceAccount() throws IOException {
        Path dir = mutate("worker-statefulset.yaml", "serviceAccountName: rtda", "serviceAccountName: default");
        assertViolation(dir, "serviceAccountName default is not declared here");
    }

    private void assertViolation(Path dir, String expected) {
        BrokenCopy.assertViolation(new ManifestChecker(facts).check(dir), expected);
    }

    private Path mutate(String file, String from, String to) throws IOException {
        return BrokenCopy.of(root, tmp, "infra/k8s", file, from, to);
    }

    @Test
    void shouldReadTheDeadLetterPathFromTheFunctionsSource() {
        assertEquals("/api/v1/dead-letters", facts.deadLetterPath());
    }

    @Test
    void shouldRejectABrokerWithoutADeadLetterSink() throws IOException {
        Path dir = mutate("knative-broker.yaml", "    deadLetterSink:\n", "    noDeadLetterSink:\n");
        assertViolation(dir, "knative-broker.yaml (Broker rtda): spec.delivery.deadLetterSink.uri is null, expected "
                + "/api/v1/dead-letters (events the broker gives up on would be dropped)");
    }

    @Test
    void shouldRejectADeadLetterSinkThatIsNotTheFrontsSink() throws IOException {
        Path dir = mutate("knative-broker.yaml", "      uri: /api/v1/dead-letters", "      uri: /");
        assertViolation(dir, "spec.delivery.deadLetterSink.uri is /, expected /api/v1/dead-letters");
    }

    @Test
    void shouldRejectADeadLetterSinkOnAnUndeclaredService() throws IOException {
        Path dir = mutate("knative-broker.yaml", "        name: rtda-events", "        name: rtda-elsewhere");
        assertViolation(dir, "deadLetterSink.ref {apiVersion=serving.knative.dev/v1, kind=Service, "
                + "name=rtda-elsewhere} is not a Knative Service declared here");
    }
}
