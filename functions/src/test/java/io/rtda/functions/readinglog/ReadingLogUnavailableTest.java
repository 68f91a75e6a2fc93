package io.rtda.functions.readinglog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rtda.functions.profiles.BlockedReadingsLogProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * With checkpoints on, a batch is answered only once it is in the readings log; when the log cannot be written,
 * every ingest path answers 503 with Retry-After (nothing may be assumed stored), and once it can, the same
 * request is stored and logged.
 */
@QuarkusTest
@TestProfile(BlockedReadingsLogProfile.class)
class ReadingLogUnavailableTest {
    private static final String PROBLEM = "application/problem+json";

    @Test
    void shouldAnswer503UntilTheLogCanBeWrittenThenStoreAndLogTheRetry() throws IOException {
        given().contentType("application/json").body("{\"streams\": \"log.blocked\", \"when\": \"value > 3\","
                + " \"severity\": \"critical\"}").when().put("/api/v1/rules/log-blocked-hot").then().statusCode(201);
        String body = "[{\"stream\":\"log.blocked\",\"ts\":1795000000000,\"value\":4}]";
        given().contentType("application/json").body(body).when().post("/api/v1/readings")
                .then().statusCode(503).contentType(PROBLEM).header("Retry-After", "1")
                .body("type", containsString("storage-unavailable"))
                .body("detail", containsString("readings log"));
        given().contentType("application/json").body(body).when().post("/ingest")
                .then().statusCode(503).contentType(PROBLEM).header("Retry-After", "1")
                .body("type", containsString("storage-unavailable"));
        // The windows hold the reading, and the retry will be a duplicate: the rules saw it anyway.
        given().when().get("/api/v1/alerts?state=firing").then().statusCode(200)
                .body("alerts.alertId", hasItem("log-blocked-hot/log.blocked"));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("rtda_readings_log_failures_total 2.0"), "two batches counted as failed");

        Path readings = BlockedReadingsLogProfile.DIRECTORY.resolve("readings");
        Files.delete(readings);
        given().contentType("application/json").body(body).when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        given().contentType("application/json").body(body.replace(":4}", ":5}")).when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(1));

        List<Double> logged = new ArrayList<>();
        try (ReadingLog log = new ReadingLog(readings, ReadingLog.Sync.FSYNC)) {
            log.replay(-1, e -> logged.add(e.batch().value(0)));
        }
        assertEquals(List.of(4.0, 5.0), logged, "the retried reading (a duplicate by then) and the next one");
        try (Stream<Path> files = Files.list(readings)) {
            assertEquals(1, files.count(), "one segment");
        }
    }
}
