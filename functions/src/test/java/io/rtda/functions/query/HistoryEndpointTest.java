package io.rtda.functions.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtda.functions.history.HistoryService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Readings in through the API, history out: {@code GET /api/v1/streams/{id}/history}. */
@QuarkusTest
class HistoryEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Inject
    HistoryService history;

    /** 120 readings, one per second, value = second; one batch per 10 s so each batch updates the window once. */
    private static void postTwoMinutes(String stream) {
        for (int batch = 0; batch < 12; batch++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 10; i++) {
                int s = batch * 10 + i;
                body.append(i > 0 ? "," : "").append("{\"stream\":\"").append(stream).append("\",\"ts\":")
                        .append(T0.toEpochMilli() + s * 1000L).append(",\"value\":").append(s).append('}');
            }
            given().contentType(ContentType.JSON).body(body.append(']').toString())
                    .when().post("/api/v1/readings").then().statusCode(200).body("accepted", equalTo(10));
        }
    }

    @Test
    void shouldServeMinuteBucketsOfWhatWasIngested() throws Exception {
        String stream = "history." + UUID.randomUUID();
        postTwoMinutes(stream);
        assertTrue(history.flush(), "the test database takes the points");

        String body = given().queryParam("from", T0.toString()).queryParam("to", T0.plusSeconds(120).toString())
                .queryParam("step", "PT1M")
                .when().get("/api/v1/streams/" + stream + "/history")
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
        JsonNode h = JSON.readTree(body);

        assertEquals(stream, h.get("stream").asText());
        assertEquals("PT1M", h.get("source").asText(), "one-minute steps come from the 1 min rollup");
        JsonNode points = h.get("points");
        assertEquals(2, points.size());
        // Each batch's newest reading (9, 19, ..., 119) decides its bucket: six updates per minute.
        assertEquals(6, points.get(0).get("updates").asLong());
        assertEquals(T0.toString(), points.get(0).get("time").asText());
        assertEquals(59, points.get(0).get("last").asDouble());
        assertEquals(0, points.get(0).get("min").asDouble());
        assertEquals(119, points.get(1).get("max").asDouble());
        assertEquals(119, points.get(1).get("last").asDouble());
        // Window means after 10, 20, ... 60 readings of 0, 1, 2, ...: 4.5, 9.5, ..., 29.5; their average 17.
        assertEquals(17.0, points.get(0).get("mean").asDouble(), 1e-9);
    }

    @Test
    void shouldExplainEveryInvalidParameter() {
        given().queryParam("from", "yesterday").when().get("/api/v1/streams/s1/history")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("from must be an ISO-8601 instant"));
        given().queryParam("step", "PT0S").when().get("/api/v1/streams/s1/history")
                .then().statusCode(400).body("detail", containsString("step must be a positive"));
        given().queryParam("from", "2026-11-27T10:00:00Z").queryParam("to", "2026-11-27T09:00:00Z")
                .when().get("/api/v1/streams/s1/history")
                .then().statusCode(400).body("detail", containsString("must be after"));
        given().queryParam("from", "2026-11-01T00:00:00Z").queryParam("to", "2026-11-27T00:00:00Z")
                .queryParam("step", "PT1S").when().get("/api/v1/streams/s1/history")
                .then().statusCode(400).body("detail", containsString("use a larger step"));
    }

    @Test
    void shouldAnswerAnEmptyHistoryForAStreamWithoutPoints() {
        given().when().get("/api/v1/streams/never-seen/history")
                .then().statusCode(200).body("points.size()", equalTo(0));
    }
}
