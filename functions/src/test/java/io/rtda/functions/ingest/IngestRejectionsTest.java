package io.rtda.functions.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every way {@code POST /api/v1/readings} refuses a record: each is reported with its index, field and
 * reason, and never stops the valid records of the same batch.
 */
@QuarkusTest
class IngestRejectionsTest {
    private static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = IngestRejectionsTest.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IOException("missing test fixture /events/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static JsonPath post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/readings")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    private static JsonPath metrics(String stream) {
        return given().when().get("/api/v1/streams/" + stream + "/metrics").then().statusCode(200).extract()
                .jsonPath();
    }

    private static void assertRejection(Map<String, Object> rejection, int index, String field, String reason) {
        assertEquals(index, rejection.get("index"), () -> "index of " + rejection);
        assertEquals(field, rejection.get("field"), () -> "field of " + rejection);
        String actual = (String) rejection.get("reason");
        assertTrue(actual.contains(reason), () -> "record " + index + ": '" + actual + "' should say '" + reason
                + "'");
    }

    @Test
    void shouldReportEachRefusedRecordAndStoreTheValidOnesOfTheSameBatch() throws IOException {
        JsonPath response = given().contentType(ContentType.JSON).body(fixture("readings-mixed.json"))
                .when().post("/api/v1/readings")
                .then().statusCode(200).extract().jsonPath();

        assertEquals(3, response.getInt("accepted"));
        assertEquals(1, response.getInt("duplicates"));
        List<Map<String, Object>> rejected = response.getList("rejected");
        assertEquals(15, rejected.size(), () -> "rejected: " + rejected);
        assertRejection(rejected.get(0), 1, "stream", "may only contain letters, digits and . _ : / -");
        assertRejection(rejected.get(1), 2, "stream", "must be at most 200 characters, was 201");
        assertRejection(rejected.get(2), 3, "stream", "is required");
        assertRejection(rejected.get(3), 4, "value", "is required");
        assertRejection(rejected.get(4), 5, "value", "must be a finite number, was a string");
        assertRejection(rejected.get(5), 6, "value", "1e400 is out of the double range");
        assertRejection(rejected.get(6), 7, "ts", "is not an ISO-8601 time with offset");
        assertRejection(rejected.get(7), 8, "ts", "must be whole epoch milliseconds, was 1.5");
        assertRejection(rejected.get(8), 9, "ts", "must be epoch milliseconds or an ISO-8601 string, was a boolean");
        assertRejection(rejected.get(9), 10, "unit", "unknown field; expected only stream, ts, value and tags");
        assertRejection(rejected.get(10), 11, "$", "each record must be a JSON object, was a number");
        assertRejection(rejected.get(11), 12, "tags", "must be an object of string values, was a string");
        assertRejection(rejected.get(12), 13, "tags.site", "must be a string, was a number");
        assertRejection(rejected.get(13), 14, "tags", "at most 32 tags, was 33");
        assertRejection(rejected.get(14), 17, "ts", "late: event time 2026-11-27T09:59:55Z is 6000 ms older");

        JsonPath m = metrics("fixture.mixed-batch");
        assertEquals(3, m.getInt("count"));
        assertEquals(6.0, m.getDouble("sum"));
        assertEquals(1.0, m.getDouble("min"));
        assertEquals(3.0, m.getDouble("max"));
        assertEquals(3.0, m.getDouble("last"));
        assertEquals("2026-11-27T10:00:02Z", m.getString("to"), "the ISO time with +01:00 is the same instant");
    }

    @Test
    void shouldPlaceAReadingWithinTheLateToleranceInEventTimeOrder() {
        String stream = "late-ok." + UUID.randomUUID();

        JsonPath response = post("""
                [{"stream":"%1$s","ts":%2$d,"value":1},{"stream":"%1$s","ts":%3$d,"value":5},
                 {"stream":"%1$s","ts":%4$d,"value":2}]""".formatted(stream, T0, T0 + 10_000, T0 + 6_000));

        assertEquals(3, response.getInt("accepted"));
        JsonPath m = metrics(stream);
        assertEquals(3, m.getInt("count"));
        assertEquals(5.0, m.getDouble("last"), "last is the newest event time, not the last to arrive");
    }

    @Test
    void shouldRefuseAReadingLateAgainstTheNewestOfAnEarlierBatch() {
        String stream = "late." + UUID.randomUUID();
        post("{\"stream\":\"%s\",\"ts\":%d,\"value\":1}".formatted(stream, T0 + 60_000));

        JsonPath response = post("{\"stream\":\"%s\",\"ts\":%d,\"value\":2}".formatted(stream, T0));

        assertEquals(0, response.getInt("accepted"));
        assertRejection(response.getMap("rejected[0]"), 0, "ts", "beyond rtda.window.late-tolerance (PT5S)");
    }

    @Test
    void shouldCountARepeatedReadingOnceAcrossBatches() {
        String stream = "dup." + UUID.randomUUID();
        String reading = "{\"stream\":\"%s\",\"ts\":%d,\"value\":4.25}".formatted(stream, T0);
        post(reading);

        JsonPath response = post("[" + reading + "," + reading + "]");

        assertEquals(0, response.getInt("accepted"));
        assertEquals(2, response.getInt("duplicates"));
        assertEquals(List.of(), response.getList("rejected"));
        assertEquals(1, metrics(stream).getInt("count"));
    }

    @Test
    void shouldUseTheArrivalTimeWhenTsIsAbsent() {
        String stream = "arrival." + UUID.randomUUID();
        Instant before = Instant.now();

        given().contentType(ContentType.JSON).body("{\"stream\":\"%s\",\"value\":7}".formatted(stream))
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(1)).body("rejected", empty());

        Instant stored = Instant.parse(metrics(stream).getString("to"));
        assertTrue(!stored.isBefore(before.minusMillis(1)) && !stored.isAfter(Instant.now()),
                () -> "event time " + stored + " should be the arrival time, after " + before);
    }

    @Test
    void shouldAcceptTimestampsFrom1970BecauseNoWallClockBoundIsSetByDefault() {
        String stream = "epoch." + UUID.randomUUID();

        JsonPath response = post("""
                [{"stream":"%1$s","ts":0,"value":1},{"stream":"%1$s","ts":"1970-01-01T00:00:01.500Z","value":2},
                 {"stream":"%1$s","ts":"1970-01-01T01:00:03+01:00","value":3}]""".formatted(stream));

        assertEquals(3, response.getInt("accepted"));
        JsonPath m = metrics(stream);
        assertEquals("1970-01-01T00:00:00Z", m.getString("from"));
        assertEquals("1970-01-01T00:00:03Z", m.getString("to"));
    }

    @Test
    void shouldTreatNullTsAndNullTagsAsAbsent() {
        String stream = "nulls." + UUID.randomUUID();

        given().contentType(ContentType.JSON).body("""
                [{"stream":"%1$s","ts":null,"value":1,"tags":null},
                 {"stream":"%1$s","value":2,"tags":{"site":"plant-1","unit":"C"}}]""".formatted(stream))
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(2)).body("rejected.index", empty());
    }

    @Test
    void shouldRefuseAnInvalidTagKeyNamingTheTags() {
        String stream = "tagkey." + UUID.randomUUID();

        JsonPath response = post("{\"stream\":\"%s\",\"value\":1,\"tags\":{\"bad key\":\"v\"}}".formatted(stream));

        assertEquals(0, response.getInt("accepted"));
        assertRejection(response.getMap("rejected[0]"), 0, "tags", "tag key 'bad key' must be");
    }

    @Test
    void shouldListRejectionsInRecordOrderWhenTheEngineRefusesSomeToo() {
        String stream = "order." + UUID.randomUUID();
        post("{\"stream\":\"%s\",\"ts\":%d,\"value\":1}".formatted(stream, T0 + 60_000));

        given().contentType(ContentType.JSON).body("""
                [{"stream":"%1$s","ts":%2$d,"value":1},{"stream":"%1$s","value":"x"},
                 {"stream":"%1$s","ts":%2$d,"value":2},{"stream":"%1$s","ts":%3$d,"value":3}]"""
                .formatted(stream, T0, T0 + 61_000))
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(1))
                .body("rejected.index", contains(0, 1, 2))
                .body("rejected.field", contains("ts", "value", "ts"))
                .body("rejected[1].reason", containsString("was a string"));
    }
}
