package io.rtda.functions.query;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Readings in, statistics out: {@code POST /api/v1/readings} then {@code GET /api/v1/streams/{id}/metrics}. */
@QuarkusTest
class MetricsEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final double EXACT = 1e-12;

    private static String uniqueStream(String prefix) {
        return prefix + "." + UUID.randomUUID();
    }

    /** Posts values 1..10, one per second of event time. */
    private static void postOneToTen(String stream) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 1; i <= 10; i++) {
            body.append(i > 1 ? "," : "").append("{\"stream\":\"").append(stream).append("\",\"ts\":")
                    .append(T0.toEpochMilli() + (i - 1) * 1000L).append(",\"value\":").append(i).append('}');
        }
        given().contentType(ContentType.JSON).body(body.append(']').toString())
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(10)).body("duplicates", equalTo(0))
                .body("rejected", empty());
    }

    private static JsonNode metrics(String stream, String query) throws Exception {
        String body = given().when().get("/api/v1/streams/" + stream + "/metrics" + query)
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
        return JSON.readTree(body);
    }

    @Test
    void shouldReportEveryStatisticOfTheCountWindowAfterIngest() throws Exception {
        String stream = uniqueStream("e2e");
        postOneToTen(stream);

        JsonNode m = metrics(stream, "");

        assertEquals(stream, m.get("stream").asText());
        assertEquals(10, m.get("count").asLong());
        assertEquals("count", m.at("/window/kind").asText());
        assertEquals(1024, m.at("/window/size").asLong());
        assertEquals("samples", m.at("/window/unit").asText());
        assertEquals(5.5, m.get("mean").asDouble(), EXACT);
        assertEquals(1.0, m.get("min").asDouble(), EXACT);
        assertEquals(10.0, m.get("max").asDouble(), EXACT);
        assertEquals(10.0, m.get("last").asDouble(), EXACT);
        assertEquals(55.0, m.get("sum").asDouble(), EXACT);
        assertEquals(5.5, m.get("p50").asDouble(), EXACT);
        assertEquals(9.1, m.get("p90").asDouble(), EXACT);
        assertEquals(9.55, m.get("p95").asDouble(), EXACT);
        assertEquals(9.91, m.get("p99").asDouble(), EXACT);
        assertEquals(3.0276503540974917, m.get("std").asDouble(), EXACT);
        assertEquals(1.0, m.get("slope").asDouble(), EXACT, "one value unit per second of event time");
        assertEquals(4.5 / 3.0276503540974917, m.get("z").asDouble(), EXACT);
        double score = m.get("score").asDouble();
        assertTrue(score >= 0 && score <= 1, "score " + score);
        assertEquals(T0, Instant.parse(m.get("from").asText()));
        assertEquals(T0.plusSeconds(9), Instant.parse(m.get("to").asText()));
        Instant updated = Instant.parse(m.get("updatedAt").asText());
        assertTrue(updated.isAfter(Instant.now().minusSeconds(120)), "updatedAt is the server clock: " + updated);
        assertEquals("robust-z", m.at("/anomaly/detector").asText());
        assertEquals(5.5, m.at("/anomaly/expected").asDouble(), EXACT);
        assertEquals("above", m.at("/anomaly/direction").asText(), "the casing of alerts");
    }

    @Test
    void shouldJudgeTheMostAnomalousReadingOfABatchSoASpikeFollowedByNormalReadingsFires() throws Exception {
        String stream = uniqueStream("batch-peak");
        String rule = "peak-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"streams\": \"" + stream + "\", \"when\": \"score > 0.5\"}")
                .when().put("/api/v1/rules/" + rule).then().statusCode(201);
        StringBuilder warm = new StringBuilder("[");
        for (int i = 0; i < 30; i++) {
            warm.append(i > 0 ? "," : "").append(reading(stream, i, 10 + i % 3));
        }
        post(warm.append(']').toString(), 30);
        assertTrue(metrics(stream, "").get("score").asDouble() < 0.5);

        // One request: the spike, then two ordinary readings. The newest alone would score low.
        post("[" + reading(stream, 30, 1000) + "," + reading(stream, 31, 10) + "," + reading(stream, 32, 11) + "]", 3);

        JsonNode m = metrics(stream, "");
        assertEquals(11.0, m.get("last").asDouble(), EXACT, "the newest value is still the last");
        assertEquals(1.0, m.get("score").asDouble(), EXACT, "the verdict is on the spike: " + m);
        assertEquals(1000.0, m.at("/anomaly/value").asDouble(), EXACT);
        assertEquals(T0.plusSeconds(30), Instant.parse(m.at("/anomaly/at").asText()));
        assertEquals("above", m.at("/anomaly/direction").asText());
        JsonNode transition = firstStoredTransition(stream, rule);
        String fired = transition.toString();
        assertEquals("firing", transition.get("state").asText(), fired);
        assertEquals(1000.0, transition.at("/expected/value").asDouble(), EXACT, fired);
        assertEquals(T0.plusSeconds(30), Instant.parse(transition.at("/expected/at").asText()), fired);

        // The next request brings one ordinary reading: it alone is judged.
        post("[" + reading(stream, 33, 10) + "]", 1);
        JsonNode after = metrics(stream, "");
        assertTrue(after.get("score").asDouble() < 0.5, after.toString());
        assertEquals(T0.plusSeconds(33), Instant.parse(after.at("/anomaly/at").asText()));
        given().when().delete("/api/v1/rules/" + rule).then().statusCode(204);
    }

    /** The rule's first stored transition on the stream; history is written within a second or so. */
    private static JsonNode firstStoredTransition(String stream, String rule) {
        JsonNode list = await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(given().when()
                .get("/api/v1/alerts/history?stream=" + stream + "&rule=" + rule + "&from=0").then().statusCode(200)
                .extract().asString()).get("transitions"), l -> !l.isEmpty());
        return list.get(list.size() - 1);
    }

    private static String reading(String stream, int second, double value) {
        return "{\"stream\":\"" + stream + "\",\"ts\":" + (T0.toEpochMilli() + second * 1000L) + ",\"value\":"
                + value + "}";
    }

    private static void post(String body, int accepted) {
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(accepted)).body("rejected", empty());
    }

    @Test
    void shouldReportTheTimeWindowOnRequest() throws Exception {
        String stream = uniqueStream("e2e-time");
        postOneToTen(stream);

        JsonNode m = metrics(stream, "?window=time");

        assertEquals("time", m.at("/window/kind").asText());
        assertEquals(60_000, m.at("/window/size").asLong());
        assertEquals("ms", m.at("/window/unit").asText());
        assertFalse(m.at("/window/truncated").asBoolean());
        assertEquals(10, m.get("count").asLong());
        assertEquals(9.1, m.get("p90").asDouble(), EXACT);
        assertEquals(1.0, m.get("slope").asDouble(), EXACT);
        assertEquals("count", metrics(stream, "?window=COUNT").at("/window/kind").asText(), "any case");
    }

    @Test
    void shouldServeStreamIdsWithSlashesColonsAndDots() throws Exception {
        String stream = "plant-1/line:2/" + UUID.randomUUID() + ".temp";
        postOneToTen(stream);

        assertEquals(stream, metrics(stream, "").get("stream").asText());
    }

    @Test
    void shouldAnswerAnUnknownStreamWithA404Problem() {
        String stream = uniqueStream("never-posted");

        given().when().get("/api/v1/streams/" + stream + "/metrics")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:rtda:problem:unknown-stream"))
                .body("title", equalTo("Unknown stream"))
                .body("status", equalTo(404))
                .body("detail", containsString(stream));
    }

    @Test
    void shouldAnswerAnInvalidWindowParameterWithA400Problem() {
        String stream = uniqueStream("bad-window");
        postOneToTen(stream);

        given().when().get("/api/v1/streams/" + stream + "/metrics?window=hourly")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:rtda:problem:invalid-parameter"))
                .body("status", equalTo(400))
                .body("detail", containsString("window must be 'count' or 'time', was 'hourly'"));
    }

    @Test
    void shouldAnswerAnInvalidStreamIdWithA400Problem() {
        given().when().get("/api/v1/streams/bad%20id!/metrics")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:rtda:problem:invalid-stream"))
                .body("detail", containsString("may only contain"));
    }
}
