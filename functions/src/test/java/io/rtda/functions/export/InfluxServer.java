package io.rtda.functions.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private InfluxDB 1.x server (Debian's {@code influxdb} package, {@code /usr/bin/influxd}) on free ports
 * with its data in a temporary directory; {@link #stop} and {@link #start} again keep the data.
 */
final class InfluxServer implements AutoCloseable {
    private final Path dir;
    private final int httpPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    InfluxServer() throws IOException {
        dir = Files.createTempDirectory("rtda-influx");
        httpPort = freePort();
        int rpcPort = freePort();
        Files.writeString(dir.resolve("influxdb.conf"), String.join("\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + rpcPort + "\"",
                "[meta]", "  dir = \"" + dir.resolve("meta") + "\"",
                "[data]", "  dir = \"" + dir.resolve("data") + "\"", "  wal-dir = \"" + dir.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "[http]", "  bind-address = \"127.0.0.1:" + httpPort + "\"", "  log-enabled = false",
                "[monitor]", "  store-enabled = false", ""));
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    void start() throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/influxd")),
                "InfluxDB is not installed: apt-get install influxdb (.ci/run does)");
        process = new ProcessBuilder("/usr/bin/influxd", "run", "-config", dir.resolve("influxdb.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("influxd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                HttpResponse<Void> ping = http.send(HttpRequest.newBuilder(URI.create(url() + "/ping")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ping.statusCode() == 204) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            assertTrue(process.isAlive(), "influxd exited: " + Files.readString(dir.resolve("influxd.log")));
            assertTrue(System.nanoTime() < deadline, "influxd did not answer /ping within 60 s");
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    /** Runs an InfluxQL statement; returns InfluxDB's JSON answer with epoch-millisecond times. */
    String query(String database, String q) throws IOException, InterruptedException {
        String form = "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&epoch=ms"
                + (database == null ? "" : "&db=" + database);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 200, "InfluxQL " + q + " answered " + response.statusCode() + ": "
                + response.body());
        return response.body();
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
