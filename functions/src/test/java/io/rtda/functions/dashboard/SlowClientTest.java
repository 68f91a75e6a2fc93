package io.rtda.functions.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A browser that stops reading its dashboard feed: the server skips its sends instead of queueing them, while
 * ingest, publishing and other browsers carry on.
 */
@QuarkusTest
@TestProfile(SlowClientTest.FastFeed.class)
class SlowClientTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int STREAMS = 200;

    /** A feed fast and large enough to fill a stalled socket within seconds; no simulator. */
    public static final class FastFeed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rtda.dashboard.max-rate", "100", "rtda.dashboard.publish-interval", "PT0.01S");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    DashboardPublisher publisher;

    @Inject
    MeterRegistry registry;

    @Test
    void shouldSkipSendsToAStalledClientWhileIngestAndOtherClientsCarryOn() throws Exception {
        String body = readings();
        post(body);
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(root.getHost(), root.getPort()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /api/v1/dashboard/live?rate=100 HTTP/1.1\r\nHost: " + root.getHost()
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Never read: the socket fills and the server must stop sending to it.
            await().atMost(PATIENCE).until(() -> {
                post(body);
                return skipped() > 0;
            });

            long version = publisher.board().version();
            double skippedBefore = skipped();
            for (int i = 0; i < 10; i++) {
                post(body);
            }
            await().atMost(PATIENCE).until(() -> publisher.board().version() > version);
            await().atMost(PATIENCE).until(() -> {
                post(body);
                return skipped() > skippedBefore;
            });
            assertTrue(readsNewerVersion(version), "a reading client got no message newer than " + version);
        }
        await().atMost(PATIENCE).until(() -> registry.get("rtda.dashboard.connections").gauge().value() == 0);
    }

    private double skipped() {
        return registry.get("rtda.dashboard.sends.skipped").counter().count();
    }

    /** Whether a second client, reading normally, receives a message past {@code version}. */
    private boolean readsNewerVersion(long version) throws Exception {
        try (Socket reader = new Socket(root.getHost(), root.getPort())) {
            reader.setSoTimeout((int) PATIENCE.toMillis());
            reader.getOutputStream().write(("GET /api/v1/dashboard/live?stream=load.s-000 HTTP/1.1\r\nHost: "
                    + root.getHost() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(reader.getInputStream(),
                    StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            String line;
            while (System.nanoTime() < deadline && (line = in.readLine()) != null) {
                int at = line.indexOf("\"version\":");
                if (line.startsWith("data:") && at > 0) {
                    long v = Long.parseLong(line.substring(at + 10).split("[,}]")[0]);
                    if (v > version) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** One reading for each of {@value #STREAMS} streams, each with about 2 KB of tags. */
    private static String readings() {
        StringBuilder tags = new StringBuilder("{");
        for (int t = 0; t < 8; t++) {
            tags.append(t == 0 ? "" : ",").append("\"k").append(t).append("\":\"").append("x".repeat(250))
                    .append('"');
        }
        tags.append('}');
        StringBuilder b = new StringBuilder("[");
        for (int s = 0; s < STREAMS; s++) {
            b.append(s == 0 ? "" : ",").append(String.format("{\"stream\":\"load.s-%03d\",\"value\":%d,\"tags\":%s}",
                    s, s, tags));
        }
        return b.append(']').toString();
    }

    private static void post(String body) {
        given().contentType("application/json").body(body).when().post("/api/v1/readings").then().statusCode(200)
                .body("accepted", equalTo(STREAMS));
    }
}
