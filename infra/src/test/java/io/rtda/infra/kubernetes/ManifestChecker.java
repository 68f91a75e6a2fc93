package io.rtda.infra.kubernetes;

import io.rtda.infra.build.BuildFacts;
import io.rtda.infra.kubernetes.Manifests.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks {@code infra/k8s}: one resource per file, known kinds at their API versions, all in the kustomization;
 * the Knative front Service and the GPU worker run the build's images at the project version, in their mode,
 * with probes on the Quarkus health endpoints; the worker requests {@code nvidia.com/gpu} and is scheduled on
 * GPU nodes; Triggers filter exactly the CloudEvent types the functions map and point at what exists; selectors
 * and references match. Each violation names the file, the resource and what to fix. Stateless.
 */
public final class ManifestChecker {

    /** kind to the API version RTDA's manifests use for it (a Knative Service is checked apart). */
    static final Map<String, String> API_VERSIONS = Map.of(
            "Namespace", "v1",
            "ConfigMap", "v1",
            "ServiceAccount", "v1",
            "StatefulSet", "apps/v1",
            "Deployment", "apps/v1",
            "PodDisruptionBudget", "policy/v1",
            "Broker", "eventing.knative.dev/v1",
            "Trigger", "eventing.knative.dev/v1",
            "Kustomization", "kustomize.config.k8s.io/v1beta1");
    static final String KNATIVE_SERVING = "serving.knative.dev/v1";
    static final String NAMESPACE = "rtda";
    static final String GPU = "nvidia.com/gpu";

    private final BuildFacts facts;

    public ManifestChecker(BuildFacts facts) {
        this.facts = facts;
    }

    /** Checks every manifest in {@code dir}. */
    public List<String> check(Path dir) {
        List<Document> docs = Manifests.load(dir);
        List<String> violations = new ArrayList<>();
        checkKindsAndFiles(docs, violations);
        checkKustomization(dir, docs, violations);
        for (Document doc : docs) {
            if (isKnativeService(doc)) {
                checkKnativeService(doc, violations);
            } else if (doc.kind().equals("StatefulSet") || doc.kind().equals("Deployment")) {
                checkWorker(doc, violations);
            }
        }
        checkTriggers(docs, violations);
        checkSelectorsAndReferences(docs, violations);
        return violations;
    }

    static boolean isKnativeService(Document doc) {
        return doc.kind().equals("Service") && doc.apiVersion().equals(KNATIVE_SERVING);
    }

    private static boolean isCoreService(Document doc) {
        return doc.kind().equals("Service") && doc.apiVersion().equals("v1");
    }

    private void checkKindsAndFiles(List<Document> docs, List<String> violations) {
        for (Document doc : docs) {
            if (doc.index() > 0) {
                violations.add(doc.where() + "one resource per file: move it to its own file");
            }
            String expected = API_VERSIONS.get(doc.kind());
            boolean known = expected != null ? expected.equals(doc.apiVersion())
                    : doc.kind().equals("Service") && (isKnativeService(doc) || isCoreService(doc));
            if (!known) {
                String wanted = expected != null ? expected : "v1 or " + KNATIVE_SERVING + " for Service";
                violations.add(doc.where() + "apiVersion " + doc.apiVersion() + " is not the one used for kind "
                        + doc.kind() + " (" + wanted + ")");
            }
            if (doc.kind().equals("Kustomization") || doc.kind().equals("Namespace")) {
                continue;
            }
            if (!NAMESPACE.equals(Manifests.map(doc.content(), "metadata").get("namespace"))) {
                violations.add(doc.where() + "metadata.namespace must be " + NAMESPACE);
            }
        }
    }

    private void checkKustomization(Path dir, List<Document> docs, List<String> violations) {
        Document kustomization = docs.stream().filter(d -> d.kind().equals("Kustomization")).findFirst().orElse(null);
        if (kustomization == null) {
            violations.add(dir.getFileName() + ": no kustomization.yaml: kubectl apply -k needs one");
            return;
        }
        Set<String> listed = new TreeSet<>();
        if (kustomization.content().get("resources") instanceof List<?> l) {
            l.forEach(r -> listed.add(String.valueOf(r)));
        }
        Set<String> files = new TreeSet<>();
        for (Path file : Manifests.yamlFiles(dir)) {
            if (!file.equals(kustomization.file())) {
                files.add(file.getFileName().toString());
            }
        }
        for (String file : files) {
            if (!listed.contains(file)) {
                violations.add(kustomization.where() + "resources does not list " + file + ": it would not be applied");
            }
        }
        for (String resource : listed) {
            if (!files.contains(resource)) {
                violations.add(kustomization.where() + "resources lists " + resource + ", which is not in "
                        + dir.getFileName());
            }
        }
        Set<String> images = Set.of(BuildFacts.FRONT_IMAGE, BuildFacts.WORKER_IMAGE);
        for (Map<String, Object> image : Manifests.list(kustomization.content(), "images")) {
            if (!images.contains(String.valueOf(image.get("name")))) {
                violations.add(kustomization.where() + "images entry " + image.get("name")
                        + " matches no image the build makes " + images);
            }
        }
    }

    private void checkKnativeService(Document doc, List<String> violations) {
        Map<String, Object> template = Manifests.map(doc.content(), "spec", "template");
        Map<String, Object> annotations = Manifests.map(template, "metadata", "annotations");
        if (!"0".equals(String.valueOf(annotations.get("autoscaling.knative.dev/min-scale")))) {
            violations.add(doc.where() + "autoscaling.knative.dev/min-scale must be \"0\": the front scales from zero");
        }
        Object concurrency = Manifests.map(template, "spec").get("containerConcurrency");
        if (annotations.get("autoscaling.knative.dev/target") == null || !(concurrency instanceof Integer)) {
            violations.add(doc.where() + "needs a concurrency target (autoscaling.knative.dev/target) and "
                    + "containerConcurrency");
        }
        checkContainers(doc, Manifests.map(template, "spec"), BuildFacts.FRONT_IMAGE, "front", violations);
    }

    private void checkWorker(Document doc, List<String> violations) {
        Map<String, Object> pod = Manifests.map(doc.content(), "spec", "template", "spec");
        checkContainers(doc, pod, BuildFacts.WORKER_IMAGE, "worker", violations);
        boolean gpu = false;
        for (Map<String, Object> c : Manifests.list(pod, "containers")) {
            Object limit = Manifests.map(c, "resources", "limits").get(GPU);
            gpu |= limit instanceof Integer n && n >= 1 || limit instanceof String s && s.matches("[1-9][0-9]*");
        }
        if (!gpu) {
            violations.add(doc.where() + "no container has resources.limits." + GPU + " >= 1: the worker needs a GPU");
        }
        boolean tolerates = Manifests.list(pod, "tolerations").stream().anyMatch(t -> GPU.equals(t.get("key")));
        if (!tolerates) {
            violations.add(doc.where() + "no toleration for key " + GPU + ": it cannot land on tainted GPU nodes");
        }
        if (Manifests.map(pod, "nodeSelector").isEmpty() && Manifests.map(pod, "affinity", "nodeAffinity").isEmpty()) {
            violations.add(doc.where() + "no nodeSelector or node affinity: say which nodes have the GPUs");
        }
        Object replicas = Manifests.map(doc.content(), "spec").get("replicas");
        for (Map<String, Object> c : Manifests.list(pod, "containers")) {
            Manifests.list(c, "env").stream().filter(e -> "RTDA_BROKER_WORKER_COUNT".equals(e.get("name")))
                    .map(e -> String.valueOf(e.get("value"))).filter(count -> !count.equals(String.valueOf(replicas)))
                    .forEach(count -> violations.add(doc.where() + "RTDA_BROKER_WORKER_COUNT is " + count
                            + " but replicas is " + replicas + ": partitions p mod count == ordinal would have no "
                            + "preferred owner, or two"));
        }
    }

    private void checkContainers(Document doc, Map<String, Object> pod, String image, String mode,
            List<String> violations) {
        List<Map<String, Object>> containers = Manifests.list(pod, "containers");
        if (containers.isEmpty()) {
            violations.add(doc.where() + "has no containers");
        }
        String expectedImage = image + ":" + facts.projectVersion();
        for (Map<String, Object> c : containers) {
            String at = doc.where() + "container " + c.get("name") + ": ";
            if (!expectedImage.equals(c.get("image"))) {
                violations.add(at + "image " + c.get("image") + " is not the build's " + expectedImage
                        + " (registry comes from the kustomization's images)");
            }
            String actualMode = Manifests.list(c, "env").stream().filter(e -> "RTDA_MODE".equals(e.get("name")))
                    .map(e -> String.valueOf(e.get("value"))).findFirst().orElse(null);
            if (!mode.equals(actualMode)) {
                violations.add(at + "RTDA_MODE is " + actualMode + ", expected " + mode);
            }
            boolean port = Manifests.list(c, "ports").stream()
                    .anyMatch(p -> Objects.equals(p.get("containerPort"), BuildFacts.HTTP_PORT));
            if (!port) {
                violations.add(at + "does not declare containerPort " + BuildFacts.HTTP_PORT);
            }
            checkProbe(at, c, "readinessProbe", BuildFacts.HEALTH_READY, violations);
            checkProbe(at, c, "livenessProbe", BuildFacts.HEALTH_LIVE, violations);
        }
    }

    private static void checkProbe(String at, Map<String, Object> container, String probe, String path,
            List<String> violations) {
        Map<String, Object> get = Manifests.map(container, probe, "httpGet");
        if (!path.equals(get.get("path"))) {
            violations.add(at + probe + ".httpGet.path is " + get.get("path") + ", expected " + path);
            return;
        }
        Object port = get.get("port");
        boolean named = Manifests.list(container, "ports").stream().anyMatch(p -> Objects.equals(p.get("name"), port)
                && Objects.equals(p.get("containerPort"), BuildFacts.HTTP_PORT));
        if (port != null && !Objects.equals(port, BuildFacts.HTTP_PORT) && !named) {
            violations.add(at + probe + " port " + port + " is not the HTTP port " + BuildFacts.HTTP_PORT);
        }
    }

    private void checkTriggers(List<Document> docs, List<String> violations) {
        Set<String> brokers = names(docs, "Broker");
        Set<String> services = new TreeSet<>();
        docs.stream().filter(ManifestChecker::isKnativeService).forEach(d -> services.add(d.name()));
        for (Document doc : docs) {
            if (doc.kind().equals("Broker")) {
                checkDeadLetterSink(doc, services, violations);
            }
        }
        Set<String> filtered = new TreeSet<>();
        for (Document doc : docs) {
            if (!doc.kind().equals("Trigger")) {
                continue;
            }
            Map<String, Object> spec = Manifests.map(doc.content(), "spec");
            Object type = Manifests.map(spec, "filter", "attributes").get("type");
            if (!facts.triggerTypes().containsValue(type)) {
                violations.add(doc.where() + "filters CloudEvent type " + type + ", which no function maps "
                        + "(quarkus.funqy.knative-events.mapping.*.trigger: " + facts.triggerTypes() + ")");
            }
            filtered.add(String.valueOf(type));
            if (!brokers.contains(String.valueOf(spec.get("broker")))) {
                violations.add(doc.where() + "broker " + spec.get("broker") + " is not declared here " + brokers);
            }
            Map<String, Object> ref = Manifests.map(spec, "subscriber", "ref");
            if (!KNATIVE_SERVING.equals(ref.get("apiVersion")) || !services.contains(String.valueOf(ref.get("name")))) {
                violations.add(doc.where() + "subscriber " + ref + " is not a Knative Service declared here "
                        + services);
            }
        }
        facts.triggerTypes().forEach((function, type) -> {
            if (!filtered.contains(type)) {
                violations.add("no Trigger for CloudEvent type " + type + " (function " + function
                        + "): its events would never reach the front");
            }
        });
    }

    /** A Broker hands what it gives up on to the front's dead-letter sink, which keeps it in a durable queue. */
    private void checkDeadLetterSink(Document doc, Set<String> services, List<String> violations) {
        Map<String, Object> sink = Manifests.map(doc.content(), "spec", "delivery", "deadLetterSink");
        Object uri = sink.get("uri");
        if (!facts.deadLetterPath().equals(uri)) {
            violations.add(doc.where() + "spec.delivery.deadLetterSink.uri is " + uri + ", expected "
                    + facts.deadLetterPath() + " (events the broker gives up on would be dropped)");
            return;
        }
        Map<String, Object> ref = Manifests.map(sink, "ref");
        if (!KNATIVE_SERVING.equals(ref.get("apiVersion")) || !services.contains(String.valueOf(ref.get("name")))) {
            violations.add(doc.where() + "deadLetterSink.ref " + ref + " is not a Knative Service declared here "
                    + services);
        }
    }

    private static Set<String> names(List<Document> docs, String kind) {
        Set<String> names = new TreeSet<>();
        docs.stream().filter(d -> d.kind().equals(kind)).forEach(d -> names.add(d.name()));
        return names;
    }

    private void checkSelectorsAndReferences(List<Document> docs, List<String> violations) {
        List<Map<String, Object>> podLabels = new ArrayList<>();
        Set<String> coreServices = new TreeSet<>();
        docs.stream().filter(ManifestChecker::isCoreService).forEach(d -> coreServices.add(d.name()));
        Set<String> configMaps = names(docs, "ConfigMap");
        Set<String> accounts = names(docs, "ServiceAccount");
        for (Document doc : docs) {
            Map<String, Object> template = Manifests.map(doc.content(), "spec", "template");
            if (template.isEmpty()) {
                continue;
            }
            podLabels.add(Manifests.map(template, "metadata", "labels"));
            Map<String, Object> pod = Manifests.map(template, "spec");
            Object account = pod.get("serviceAccountName");
            if (account != null && !accounts.contains(String.valueOf(account))) {
                violations.add(doc.where() + "serviceAccountName " + account + " is not declared here " + accounts);
            }
            for (Map<String, Object> c : Manifests.list(pod, "containers")) {
                for (Map<String, Object> from : Manifests.list(c, "envFrom")) {
                    Object cm = Manifests.map(from, "configMapRef").get("name");
                    if (cm != null && !configMaps.contains(String.valueOf(cm))) {
                        violations.add(doc.where() + "configMapRef " + cm + " is not declared here " + configMaps);
                    }
                }
            }
            if (doc.kind().equals("StatefulSet") && !coreServices.contains(
                    String.valueOf(Manifests.map(doc.content(), "spec").get("serviceName")))) {
                violations.add(doc.where() + "serviceName " + Manifests.map(doc.content(), "spec").get("serviceName")
                        + " names no Service declared here " + coreServices);
            }
        }
        for (Document doc : docs) {
            Map<String, Object> selector = isCoreService(doc) ? Manifests.map(doc.content(), "spec", "selector")
                    : doc.kind().equals("PodDisruptionBudget")
                    ? Manifests.map(doc.content(), "spec", "selector", "matchLabels") : null;
            if (selector == null) {
                continue;
            }
            boolean matches = !selector.isEmpty() && podLabels.stream()
                    .anyMatch(labels -> labels.entrySet().containsAll(selector.entrySet()));
            if (!matches) {
                violations.add(doc.where() + "selector " + selector + " matches no pod template here");
            }
        }
    }
}
