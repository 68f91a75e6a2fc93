package io.rtda.functions.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules over HTTP, the hook after ingest, alert listing, rule status and the live SSE stream. */
@QuarkusTest
class AlertsEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/v1/alerts/live")
    URI live;

    private static void post(String stream, long ts, double value) {
        given().contentType(ContentType.JSON).body("{\"stream\":\"" + stream + "\",\"ts\":" + ts + ",\"value\":"
                + value + "}").when().post("/api/v1/readings").then().statusCode(200).body("accepted", equalTo(1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void putRule(String id, String json, int status) {
        given().contentType(ContentType.JSON).body(json).when().put("/api/v1/rules/" + id).then().statusCode(status);
    }

    @Test
    void shouldRefuseAnInvalidRuleNamingEachFieldAndTheFix() {
        given().contentType(ContentType.JSON).body("{\"when\": \"p97 > 3\", \"for\": \"soon\", \"severty\": \"x\"}")
                .when().put("/api/v1/rules/bad-rule")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:rtda:problem:invalid-rule"))
                .body("detail", containsString("when: unknown metric 'p97'; use one of value, mean"))
                .body("detail", containsString("for: cannot read duration 'soon'"))
                .body("detail", containsString("severty: is not a rule field"));
        given().when().get("/api/v1/rules/bad-rule").then().statusCode(404);
    }

    @Test
    void shouldAcceptYamlAndRefuseOtherMediaTypes() {
        given().contentType("application/yaml").body(bytes("streams: yaml.*\nwhen: value > 5\nseverity: info\n"))
                .when().put("/api/v1/rules/yaml-rule").then().statusCode(201).body("when", equalTo("value > 5"));
        given().when().get("/api/v1/rules").then().statusCode(200).body("rules.id", hasItem("yaml-rule"));
        given().contentType(ContentType.TEXT).body(bytes("x")).when().put("/api/v1/rules/yaml-rule").then()
                .statusCode(415);
        given().when().delete("/api/v1/rules/yaml-rule").then().statusCode(204);
        given().when().delete("/api/v1/rules/yaml-rule").then().statusCode(404)
                .body("detail", containsString("no rule 'yaml-rule'"));
    }

    @Test
    void shouldFireAfterIngestExplainStatusAndStreamTransitionsLive() throws Exception {
        String prefix = "alert-" + UUID.randomUUID();
        String stream = prefix + ".a";
        String rule = "hot-" + UUID.randomUUID().toString().substring(0, 8);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> sse = client.sendAsync(HttpRequest.newBuilder(live)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = sse.get(10, TimeUnit.SECONDS);
        Thread reader = new Thread(() -> response.body().filter(l -> l.startsWith("data:"))
                .forEach(l -> events.add(l.substring(5).trim())));
        reader.setDaemon(true);
        reader.start();

        putRule(rule, "{\"streams\": \"" + prefix + ".*\", \"when\": \"value > 80\", \"clear\": \"value < 70\","
                + " \"severity\": \"critical\", \"labels\": {\"team\": \"ops\"},"
                + " \"annotations\": {\"summary\": \"{stream} is hot: {value}\"}}", 201);
        post(stream, 1_000, 50);
        post(stream, 2_000, 90);
        given().when().get("/api/v1/alerts?state=firing").then().statusCode(200)
                .body("alerts.alertId", hasItem(rule + "/" + stream));
        post(stream, 3_000, 75);
        given().when().get("/api/v1/rules/" + rule + "/status?stream=" + stream).then().statusCode(200)
                .body("streams[0].state", equalTo("firing"))
                .body("streams[0].value", equalTo(75.0f))
                .body("streams[0].suppression", containsString("hysteresis"));
        post(stream, 4_000, 60);
        given().when().get("/api/v1/alerts?state=firing").then().statusCode(200)
                .body("alerts.alertId", not(hasItem(rule + "/" + stream)));

        JsonNode fired = next(events, rule);
        assertEquals("firing", fired.get("state").asText());
        assertEquals(1, fired.get("sequence").asInt());
        assertEquals("critical", fired.get("severity").asText());
        assertEquals(90.0, fired.get("value").asDouble(), 1e-12);
        assertEquals(stream + " is hot: 90", fired.get("annotations").get("summary").asText());
        assertEquals("ops", fired.get("labels").get("team").asText());
        assertTrue(fired.get("metrics").has("mean"), fired.toString());
        JsonNode resolved = next(events, rule);
        assertEquals("resolved", resolved.get("state").asText());
        assertEquals("firing", resolved.get("from").asText());
        assertEquals(rule + "/" + stream + "#2", resolved.get("id").asText());
        response.body().close();
        given().when().delete("/api/v1/rules/" + rule).then().statusCode(204);
    }

    @Test
    void shouldRefuseAnUnknownAlertState() {
        given().when().get("/api/v1/alerts?state=burning").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("pending, firing, resolved"));
    }

    private static JsonNode next(BlockingQueue<String> events, String rule) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null) {
                JsonNode n = JSON.readTree(e);
                if (rule.equals(n.get("rule").asText())) {
                    return n;
                }
            }
        }
        throw new AssertionError("no transition of rule " + rule + " within 10 s");
    }
}
