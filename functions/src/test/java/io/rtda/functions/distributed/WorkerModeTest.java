package io.rtda.functions.distributed;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.functions.analysis.AnalysisService;
import io.rtda.functions.profiles.WorkerModeProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A worker consumes its partitions into its windows and serves their metrics; poison is counted, not retried. */
@QuarkusTest
@TestProfile(WorkerModeProfile.class)
class WorkerModeTest {
    @Inject
    AnalysisService analysis;

    private static final Partitioner PARTITIONER = new Partitioner(WorkerModeProfile.PARTITIONS,
            WorkerModeProfile.PREFIX);

    @AfterAll
    static void deleteQueues() throws Exception {
        try (Connection c = FrontModeTest.connect(); Channel ch = c.createChannel()) {
            for (int p = 0; p < PARTITIONER.partitions(); p++) {
                ch.queueDelete(PARTITIONER.queue(p));
            }
            ch.queueDelete(Topology.poisonQueue(PARTITIONER));
            ch.queueDelete(Topology.deadLetterQueue(PARTITIONER));
            ch.exchangeDelete(QueryResponder.exchange(PARTITIONER));
        }
    }

    @Test
    void shouldAnalyzeWhatAFrontPublishedAndServeItsMetrics() throws Exception {
        ReadingBatch batch = new ReadingBatch(8);
        for (int i = 0; i < 8; i++) {
            batch.add(i, "worker.s" + (i % 2), 1_795_000_000_000L + i * 1000L, i, null);
        }
        try (Connection c = FrontModeTest.connect();
                PartitionPublisher front = new PartitionPublisher(c, PARTITIONER, 5000)) {
            front.publish(batch);
            // a redelivery of the same readings is stored once
            front.publish(batch);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when()
                .get("/api/v1/streams/worker.s1/metrics").then().statusCode(200)
                .body("count", equalTo(4)).body("sum", equalTo(16.0f)));
        given().when().get("/api/v1/streams/worker.s0/metrics").then().statusCode(200).body("count", equalTo(4));

        // what a front asks over the broker, this worker answers from its windows
        try (Connection c = FrontModeTest.connect();
                QueryRequester front = new QueryRequester(c, PARTITIONER, 5000, 20)) {
            String json = new String(front.ask("worker.s1", "count").orElseThrow(), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"count\":4"), json);
            assertTrue(front.ask("worker.unknown", "count").isEmpty());
        }
    }

    @Test
    void shouldMergeWindowsSentAlongWithAPartitionAndKeepItsNewerTags() throws Exception {
        String stream = "worker.moved";
        try (Connection c = FrontModeTest.connect();
                PartitionPublisher front = new PartitionPublisher(c, PARTITIONER, 5000)) {
            ReadingBatch live = new ReadingBatch(1);
            live.add(0, stream, 1_795_000_100_000L, 7, Map.of("site", "new"));
            front.publish(live);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when()
                .get("/api/v1/streams/" + stream + "/metrics").then().statusCode(200).body("count", equalTo(1)));
        // what the partition's previous owner held, 100 s older than the live reading, with the tags it had then
        String old = ",\"tags\":{\"site\":\"old\"}}";
        String windows = "[{\"stream\":\"" + stream + "\",\"ts\":1795000000000,\"value\":1" + old + ",{\"stream\":\""
                + stream + "\",\"ts\":1795000001000,\"value\":2" + old + "]";
        try (Connection c = FrontModeTest.connect(); Channel ch = c.createChannel()) {
            ch.basicPublish("", PARTITIONER.queue(PARTITIONER.partition(stream)), new AMQP.BasicProperties.Builder()
                    .headers(Map.of(PartitionWorker.KIND, PartitionWorker.WINDOWS)).build(),
                    windows.getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when()
                .get("/api/v1/streams/" + stream + "/metrics").then().statusCode(200).body("count", equalTo(3))
                .body("min", equalTo(1.0f)).body("last", equalTo(7.0f)));
        assertEquals(Map.of("site", "new"), analysis.snapshot(stream).orElseThrow().tags(),
                "the stream keeps the tags of its newer, live reading");
    }

    @Test
    void shouldMoveAPoisonMessageToThePoisonQueueOnceAndCountIt() throws Exception {
        String poison = Topology.poisonQueue(PARTITIONER);
        try (Connection c = FrontModeTest.connect(); Channel ch = c.createChannel()) {
            ch.queuePurge(poison); // left by an earlier run
            ch.basicPublish("", PARTITIONER.queue(0), null, "not json".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/q/metrics")
                .then().statusCode(200).body(containsString("rtda_broker_poison_total 1.0")));
        try (Connection c = FrontModeTest.connect(); Channel ch = c.createChannel()) {
            assertEquals(0, ch.messageCount(PARTITIONER.queue(0)), "the poison message was requeued");
            GetResponse kept = ch.basicGet(poison, true);
            assertNotNull(kept, "the poison message is kept in " + poison);
            assertEquals("not json", new String(kept.getBody(), StandardCharsets.UTF_8));
            assertEquals(0, ((Number) kept.getProps().getHeaders().get("x-rtda-partition")).intValue());
            assertTrue(kept.getProps().getHeaders().get("x-rtda-reason").toString().startsWith("unreadable message"),
                    kept.getProps().getHeaders().toString());
        }
    }
}
