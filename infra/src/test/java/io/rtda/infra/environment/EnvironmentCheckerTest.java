package io.rtda.infra.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.infra.build.BuildFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shape sets the process environment; a shape missing one variable is named. */
class EnvironmentCheckerTest {

    private final Path root = BuildFacts.repositoryRoot();

    @TempDir
    Path tmp;

    @Test
    void shouldFindTheWholeEnvironmentInEveryShape() {
        List<String> violations = new EnvironmentChecker().check(root);
        assertEquals(List.of(), violations, String.join("\n", violations));
    }

    @Test
    void shouldNameBothContainersWhenTheConfigMapLosesAKey() throws IOException {
        mutate("infra/k8s/configmap.yaml", "  RABBITMQ_PORT: \"5672\"\n", "");
        List<String> violations = new EnvironmentChecker().check(tmp);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("infra/k8s/knative-service-front.yaml container "
                + "front does not set RABBITMQ_PORT")), String.join("\n", violations));
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("infra/k8s/worker-statefulset.yaml container "
                + "worker does not set RABBITMQ_PORT")), String.join("\n", violations));
    }

    @Test
    void shouldCatchLambdaEnvironmentWithoutPartitions() throws IOException {
        mutate("terraform/main.tf", "    RTDA_BROKER_PARTITIONS = tostring(var.broker_partitions)\n", "");
        assertTrue(new EnvironmentChecker().check(tmp).contains("terraform local.front_environment (Lambda "
                + "functions) does not set RTDA_BROKER_PARTITIONS (it sets [RABBITMQ_HOST, "
                + "RABBITMQ_PASSWORD, RABBITMQ_PORT, RABBITMQ_SSL, RABBITMQ_USERNAME, RTDA_MODE, "
                + "RTDA_SECURITY_API_KEYS])"));
    }

    @Test
    void shouldCatchWorkerEnvFileWithoutApiKeys() throws IOException {
        mutate("terraform/templates/worker-user-data.sh.tftpl", "RTDA_SECURITY_API_KEYS=${api_key_digests}\n", "");
        assertTrue(new EnvironmentChecker().check(tmp).stream()
                .anyMatch(v -> v.startsWith("terraform/templates/worker-user-data.sh.tftpl (EC2 workers) does not "
                        + "set RTDA_SECURITY_API_KEYS")));
    }

    @Test
    void shouldCatchLocalClusterWithoutBrokerHost() throws IOException {
        mutate("infra/local/cluster.sh", "export RABBITMQ_HOST=${RABBITMQ_HOST:-127.0.0.1} ", "export ");
        assertTrue(new EnvironmentChecker().check(tmp).stream()
                .anyMatch(v -> v.startsWith("infra/local/cluster.sh does not set RABBITMQ_HOST")));
    }

    private void mutate(String file, String from, String to) throws IOException {
        for (String dir : List.of("infra/k8s", "infra/local", "terraform")) {
            Path source = root.resolve(dir);
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path p : paths.toList()) {
                    Path dest = tmp.resolve(dir).resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest);
                    }
                }
            }
        }
        Path target = tmp.resolve(file);
        String text = Files.readString(target);
        assertTrue(text.contains(from), "fixture text not found in " + file + ": " + from);
        Files.writeString(target, text.replace(from, to));
    }
}
