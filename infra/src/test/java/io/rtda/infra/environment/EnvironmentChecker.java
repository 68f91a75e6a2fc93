package io.rtda.infra.environment;

import io.rtda.infra.build.BuildFacts;
import io.rtda.infra.kubernetes.Manifests;
import io.rtda.infra.kubernetes.Manifests.Document;
import io.rtda.infra.terraform.TerraformModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects the environment variable names each deployment shape sets for its processes and reports the
 * names of {@link BuildFacts#PROCESS_ENVIRONMENT} one leaves out. Shapes: the Knative front and the
 * Kubernetes worker (env, and ConfigMaps through envFrom), the Lambda functions ({@code local.front_environment}
 * plus the mode), the EC2 workers (the env file the user-data template writes) and the local cluster script.
 * Stateless.
 */
public final class EnvironmentChecker {

    private static final Pattern ASSIGNMENT = Pattern.compile("\\b([A-Z][A-Z0-9_]+)=");

    /** Checks the shapes under {@code repoRoot} (or a copy of the same layout). */
    public List<String> check(Path repoRoot) {
        Map<String, Set<String>> shapes = new LinkedHashMap<>();
        kubernetes(repoRoot.resolve("infra/k8s"), shapes);
        TerraformModule terraform = TerraformModule.load(repoRoot.resolve("terraform"));
        Set<String> lambda = new TreeSet<>();
        if (terraform.blocks("locals").get("front_environment") instanceof Map<?, ?> env) {
            env.keySet().forEach(k -> lambda.add(String.valueOf(k)));
        }
        shapes.put("terraform local.front_environment (Lambda functions)", lambda);
        shapes.put("terraform/templates/worker-user-data.sh.tftpl (EC2 workers)",
                assigned(repoRoot.resolve("terraform/templates/worker-user-data.sh.tftpl")));
        shapes.put("infra/local/cluster.sh", assigned(repoRoot.resolve("infra/local/cluster.sh")));
        List<String> violations = new ArrayList<>();
        shapes.forEach((shape, names) -> {
            for (String required : BuildFacts.PROCESS_ENVIRONMENT) {
                if (!names.contains(required)) {
                    violations.add(shape + " does not set " + required + " (it sets " + names + ")");
                }
            }
        });
        return violations;
    }

    private static void kubernetes(Path dir, Map<String, Set<String>> shapes) {
        List<Document> docs = Manifests.load(dir);
        Map<String, Set<String>> configMaps = new LinkedHashMap<>();
        for (Document doc : docs) {
            if (doc.kind().equals("ConfigMap")) {
                configMaps.put(doc.name(), Manifests.map(doc.content(), "data").keySet());
            }
        }
        for (Document doc : docs) {
            Map<String, Object> pod = Manifests.map(doc.content(), "spec", "template", "spec");
            for (Map<String, Object> container : Manifests.list(pod, "containers")) {
                Set<String> names = new TreeSet<>();
                Manifests.list(container, "env").forEach(e -> names.add(String.valueOf(e.get("name"))));
                for (Map<String, Object> from : Manifests.list(container, "envFrom")) {
                    Object cm = Manifests.map(from, "configMapRef").get("name");
                    names.addAll(configMaps.getOrDefault(String.valueOf(cm), Set.of()));
                }
                shapes.put("infra/k8s/" + doc.file().getFileName() + " container " + container.get("name"), names);
            }
        }
    }

    private static Set<String> assigned(Path script) {
        Set<String> names = new TreeSet<>();
        try {
            Matcher m = ASSIGNMENT.matcher(Files.readString(script));
            while (m.find()) {
                names.add(m.group(1));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + script + ": " + e.getMessage(), e);
        }
        return names;
    }
}
