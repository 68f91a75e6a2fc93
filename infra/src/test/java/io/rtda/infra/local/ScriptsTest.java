package io.rtda.infra.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.infra.build.BuildFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every deployment script parses ({@code bash -n}), and the local cluster script runs the build's app in the
 * front and worker modes with readiness on the Quarkus health endpoint. Running the cluster needs the app
 * built and issue 6's modes; {@code infra/local/cluster.sh smoke} is the end-to-end check.
 */
class ScriptsTest {

    static final List<String> SCRIPTS = List.of("infra/local/cluster.sh", "infra/container/build-images.sh",
            "infra/gpu/device-check.sh", "terraform/templates/worker-user-data.sh.tftpl");

    private final Path root = BuildFacts.repositoryRoot();

    @TempDir
    Path tmp;

    @Test
    void shouldParseEveryScript() throws Exception {
        for (String script : SCRIPTS) {
            String errors = bashSyntax(root.resolve(script));
            assertEquals("", errors, script + " does not parse");
        }
    }

    @Test
    void shouldCatchAScriptThatDoesNotParse() throws Exception {
        Path broken = Files.writeString(tmp.resolve("broken.sh"), "#!/usr/bin/env bash\nif true; then\n  echo x\n");
        assertTrue(bashSyntax(broken).contains("syntax error"), "bash -n must reject an unclosed if");
    }

    @Test
    void shouldStartTheBuildsAppInFrontAndWorkerModes() throws IOException {
        String script = Files.readString(root.resolve("infra/local/cluster.sh"));
        assertTrue(script.contains("APP=" + BuildFacts.QUARKUS_APP + "/quarkus-run.jar"), "runs the build's fast-jar");
        assertTrue(script.contains("launch \"worker-$i\" worker"), "starts workers with RTDA_MODE=worker");
        assertTrue(script.contains("launch front front"), "starts the front with RTDA_MODE=front");
        assertTrue(script.contains("RTDA_MODE=$mode"), "passes the mode through RTDA_MODE");
        assertTrue(script.contains(BuildFacts.HEALTH_READY), "waits on the readiness endpoint");
        assertTrue(!script.contains("8080"), "keeps off port 8080 (./rtda demo's)");
    }

    private static String bashSyntax(Path script) throws Exception {
        Process p = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash -n did not finish");
        return p.exitValue() == 0 ? "" : output;
    }
}
