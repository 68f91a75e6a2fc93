package io.rtda.functions.readinglog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rtda.functions.delivery.Brokers;
import io.rtda.functions.profiles.FailingCheckpointsProfile;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * While checkpoints fail the readings log only grows; at its size bound a batch is answered 503 with nothing of it
 * applied (a message from RabbitMQ is held and tried again, one from MQTT is dead-lettered), and once checkpoints
 * commit again the log shrinks and batches are accepted, the held message too.
 */
@QuarkusTest
@TestProfile(FailingCheckpointsProfile.class)
class ReadingLogBoundTest {
    private static final String PROBLEM = "application/problem+json";
    private static final long T0 = 1_795_000_000_000L;

    private static String batch(String stream, int from, int count) {
        StringBuilder body = new StringBuilder("[");
        for (int i = from; i < from + count; i++) {
            body.append(i > from ? "," : "").append("{\"stream\":\"").append(stream).append("\",\"ts\":")
                    .append(T0 + i * 1000L).append(",\"value\":").append(i).append('}');
        }
        return body.append(']').toString();
    }

    @Test
    void shouldRefuseBatchesAtTheBoundWithoutApplyingThemAndAcceptAgainOnceCheckpointsCommit() throws Exception {
        int sent = 0;
        int status = 200;
        while (status == 200) {
            assertTrue(sent < 1_000, "the 4 KiB bound never refused a batch");
            status = given().contentType("application/json").body(batch("bound.a", sent, 20)).when()
                    .post("/api/v1/readings").then().extract().statusCode();
            if (status == 200) {
                sent += 20;
            }
        }
        assertTrue(sent >= 80, "at about 26 bytes a reading, 4 KiB holds more than 80 readings; " + sent);
        given().contentType("application/json").body(batch("bound.a", sent, 20)).when().post("/api/v1/readings")
                .then().statusCode(503).contentType(PROBLEM).header("Retry-After", "1")
                .body("type", containsString("storage-unavailable"))
                .body("detail", containsString("nothing of this batch was stored"))
                .body("detail", containsString("size bound"));
        given().contentType("application/json").body(batch("bound.b", 0, 5)).when().post("/ingest")
                .then().statusCode(503).contentType(PROBLEM).body("type", containsString("storage-unavailable"));
        // Nothing of a refused batch was applied: neither the new stream nor the first one's next readings.
        given().when().get("/api/v1/streams/bound.b/metrics").then().statusCode(404);
        given().when().get("/api/v1/streams/bound.a/metrics").then().statusCode(200).body("count", equalTo(sent));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("rtda_readings_log_failures_total 3.0"), "three refusals counted");
        // A RabbitMQ message is held, unacknowledged, and tried again; an MQTT one (acknowledged on arrival, MQTT
        // has no negative acknowledgement) goes to the dead-letter topic to be published again. The channels live on.
        String reading = "{\"stream\":\"%s\",\"ts\":" + T0 + ",\"value\":1}";
        Brokers.publish("rtda.readings", "sensors", reading.formatted("bound.rmq"));
        try (Brokers.Mqtt mqtt = new Brokers.Mqtt("rtda/dead-letter/readings")) {
            mqtt.publish("rtda/readings/bound.mqtt", reading.formatted("bound.mqtt"));
            String[] dead = mqtt.received.poll(10, TimeUnit.SECONDS);
            assertTrue(dead != null, "no dead letter for the MQTT reading that could not be stored");
            assertTrue(dead[1].contains("not stored, publish the body again"), dead[1]);
            assertTrue(dead[1].contains("bound.mqtt"), dead[1]);
        }
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> given().when()
                .get("/api/v1/streams/bound.rmq/metrics").then().extract().statusCode() == 404);
        given().when().get("/api/v1/streams/bound.mqtt/metrics").then().statusCode(404);
        Files.delete(FailingCheckpointsProfile.BLOCKER);
        int resumed = sent;
        // Two checkpoints must commit: the first keeps the segments since the last one as its fallback's.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> given()
                .contentType("application/json").body(batch("bound.a", resumed, 20)).when().post("/api/v1/readings")
                .then().extract().statusCode() == 200);
        given().when().get("/api/v1/streams/bound.a/metrics").then().statusCode(200).body("count",
                equalTo(sent + 20));
        assertTrue(Files.exists(FailingCheckpointsProfile.DIRECTORY.resolve("latest.ckpt")));
        await().atMost(Duration.ofSeconds(10)).until(() -> given().when().get("/api/v1/streams/bound.rmq/metrics")
                .then().extract().statusCode() == 200);
        given().when().get("/api/v1/streams/bound.rmq/metrics").then().body("count", equalTo(1));
        long logged = 0;
        try (var files = Files.list(FailingCheckpointsProfile.DIRECTORY.resolve("readings"))) {
            for (var file : files.toList()) {
                logged += Files.size(file);
            }
        }
        assertTrue(logged < 4096, "the log shrank below its bound: " + logged);
    }
}
