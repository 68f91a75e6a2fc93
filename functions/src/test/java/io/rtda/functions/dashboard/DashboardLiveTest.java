package io.rtda.functions.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rtda.functions.profiles.ConstrainedProfile;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/dashboard/live} over HTTP against the running simulator. */
@QuarkusTest
@TestProfile(ConstrainedProfile.class)
class DashboardLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/v1/dashboard/live")
    URL live;

    @Test
    void shouldStreamASnapshotThenChangedFramesOfTheSelectedStream() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(live + "?stream=sim.sensor-00&rate=50"))
                .header("Accept", "text/event-stream").build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> messages;
        try (InputStream body = response.body()) {
            CompletableFuture<List<JsonNode>> read = CompletableFuture.supplyAsync(() -> readMessages(body, 3));
            messages = read.get(20, TimeUnit.SECONDS);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // rate=50 asks for more than rtda.dashboard.max-rate (4/s): the third message waits for the second tick.
        assertTrue(elapsedMs >= 2 * 250 * 9 / 10, "3 messages in " + elapsedMs + " ms");
        JsonNode snapshot = messages.get(0);
        assertEquals("snapshot", snapshot.get("type").asText());
        for (JsonNode m : messages) {
            for (JsonNode frame : m.get("frames")) {
                assertEquals("sim.sensor-00", frame.get("stream").asText(), "only the selected stream is sent");
            }
        }
        JsonNode later = messages.get(2);
        assertEquals("frames", later.get("type").asText());
        assertTrue(later.get("version").asLong() > snapshot.get("version").asLong());
        JsonNode frame = later.get("frames").get(0);
        assertTrue(frame.get("count").asLong() > 0);
        assertTrue(frame.has("p95") && frame.has("score") && frame.get("anomaly").has("expectedHigh"),
                frame.toString());
    }

    @Test
    void shouldRefuseAnInvalidStreamOrRate() {
        given().queryParam("stream", "bad id!").when().get("/api/v1/dashboard/live").then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("detail", containsString("stream"));
        given().queryParam("rate", "fast").when().get("/api/v1/dashboard/live").then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("detail", containsString("rate"));
    }

    private static List<JsonNode> readMessages(InputStream body, int count) {
        List<JsonNode> out = new ArrayList<>();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String line;
            while (out.size() < count && (line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    out.add(JSON.readTree(line.substring(5).trim()));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

}
