package io.rtda.functions.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtda.functions.history.HistoryService;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Alert transitions reach the history database and come back from {@code GET /api/v1/alerts/history}. */
@QuarkusTest
class AlertHistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_790_000_000_000L;

    @Inject
    HistoryService history;

    private static void post(String stream, long ts, double value) {
        given().contentType(ContentType.JSON).body("{\"stream\":\"" + stream + "\",\"ts\":" + ts + ",\"value\":"
                + value + "}").when().post("/api/v1/readings").then().statusCode(200);
    }

    @Test
    void shouldStoreEveryTransitionOfAnAlert() throws Exception {
        String stream = "hist." + UUID.randomUUID();
        String rule = "hist-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"streams\": \"" + stream + "\", \"when\": \"value > 100\"}")
                .when().put("/api/v1/rules/" + rule).then().statusCode(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
        post(stream, T0, 1);
        post(stream, T0 + 1000, 500);
        post(stream, T0 + 2000, 2);
        assertTrue(history.flush());

        String body = given().queryParam("stream", stream).queryParam("from", 0)
                .when().get("/api/v1/alerts/history").then().statusCode(200).extract().asString();
        JsonNode transitions = JSON.readTree(body).get("transitions");
        assertTrue(transitions.size() >= 2, body);
        JsonNode newest = transitions.get(0);
        JsonNode oldest = transitions.get(transitions.size() - 1);
        assertEquals(rule + "/" + stream, newest.get("alertId").asText());
        assertEquals("resolved", newest.get("state").asText(), body);
        assertEquals(1, oldest.get("sequence").asLong());
        assertEquals(transitions.size(), newest.get("sequence").asLong(), "every transition stored once");

        given().queryParam("limit", "0").when().get("/api/v1/alerts/history")
                .then().statusCode(400).body("detail", containsString("limit must be between 1 and"));
        given().queryParam("from", "yesterday").when().get("/api/v1/alerts/history")
                .then().statusCode(400).body("detail", containsString("from must be an integer"));
        given().queryParam("from", "5").queryParam("to", "1").when().get("/api/v1/alerts/history")
                .then().statusCode(400).body("detail", containsString("to (1) must be after from (5)"));
    }
}
