package io.rtda.functions.distributed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.rtda.functions.ingest.ParsedBatch;
import io.rtda.functions.ingest.ReadingParser;
import io.rtda.functions.profiles.FrontModeProfile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A front validates, answers per record, and leaves only the accepted readings on their partition queues. */
@QuarkusTest
@TestProfile(FrontModeProfile.class)
class FrontModeTest {
    private static final Partitioner PARTITIONER = new Partitioner(FrontModeProfile.PARTITIONS,
            FrontModeProfile.PREFIX);

    static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri("amqp://guest:guest@127.0.0.1:5672/%2F");
        return factory.newConnection("front-mode-test");
    }

    @AfterAll
    static void deleteQueues() throws Exception {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            for (int p = 0; p < PARTITIONER.partitions(); p++) {
                ch.queueDelete(PARTITIONER.queue(p));
            }
            ch.queueDelete(Topology.poisonQueue(PARTITIONER));
            ch.exchangeDelete(QueryResponder.exchange(PARTITIONER));
        }
    }

    @Test
    void shouldPublishAcceptedReadingsToTheirPartitionsAndAnswerRefusalsPerRecord() throws Exception {
        given().contentType("application/json").body("""
                [{"stream":"front.a","ts":1795000000000,"value":1},
                 {"stream":"front.b","ts":1795000000000,"value":"x"},
                 {"stream":"front.c","ts":1795000000000,"value":3},
                 {"stream":"front.a","ts":1795000001000,"value":2}]""")
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(3))
                .body("rejected.index", contains(1)).body("rejected.field", contains("value"));

        Map<String, Integer> perStream = new HashMap<>();
        ReadingParser parser = new ReadingParser(1000);
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            for (int p = 0; p < PARTITIONER.partitions(); p++) {
                for (GetResponse m = ch.basicGet(PARTITIONER.queue(p), true); m != null;
                        m = ch.basicGet(PARTITIONER.queue(p), true)) {
                    ParsedBatch parsed = parser.parseJson(m.getBody(), 0);
                    for (int i = 0; i < parsed.batch().size(); i++) {
                        String stream = parsed.batch().stream(i);
                        assertEquals(PARTITIONER.partition(stream), p, stream);
                        perStream.merge(stream, 1, Integer::sum);
                    }
                }
            }
        }
        assertEquals(Map.of("front.a", 2, "front.c", 1), perStream);
    }

    @Test
    void shouldPreferTheWorkerWithTheNewestDataWhenTwoHoldTheStream() throws Exception {
        // a worker restarted from its checkpoint still holds a stream whose partition moved to another worker
        byte[] stale = "{\"stream\":\"front.twice\",\"count\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] fresh = "{\"stream\":\"front.twice\",\"count\":2}".getBytes(StandardCharsets.UTF_8);
        try (Connection c = connect();
                QueryResponder restored = new QueryResponder(c, PARTITIONER,
                        (stream, window) -> Optional.of(new QueryResponder.Answer(stale, 1_000L)));
                QueryResponder owner = new QueryResponder(c, PARTITIONER,
                        (stream, window) -> Optional.of(new QueryResponder.Answer(fresh, 2_000L)));
                QueryRequester front = new QueryRequester(c, PARTITIONER, 5000, 200)) {
            for (int i = 0; i < 20; i++) {
                byte[] answer = front.ask("front.twice", "count").orElseThrow();
                assertEquals(new String(fresh, StandardCharsets.UTF_8), new String(answer, StandardCharsets.UTF_8),
                        "ask " + i);
            }
        }
    }

    @Test
    void shouldNotMakeAKnownStreamWaitBehindQueriesForUnknownOnes() throws Exception {
        byte[] body = "{\"stream\":\"front.known\"}".getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (Connection c = connect();
                QueryResponder worker = new QueryResponder(c, PARTITIONER, (stream, window) ->
                        "front.known".equals(stream) ? Optional.of(new QueryResponder.Answer(body, 1L))
                                : Optional.empty());
                QueryRequester front = new QueryRequester(c, PARTITIONER, 2000, 50)) {
            List<Future<Optional<byte[]>>> unknown = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String stream = "front.unknown-" + i;
                unknown.add(pool.submit(() -> front.ask(stream, "count")));
            }
            long start = System.nanoTime();
            Optional<byte[]> known = pool.submit(() -> front.ask("front.known", "count")).get(10, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(known.isPresent());
            assertTrue(tookMs < 1500, "the known stream took " + tookMs + " ms behind 5 unknown ones (timeout 2 s)");
            for (Future<Optional<byte[]>> f : unknown) {
                assertTrue(f.get(10, TimeUnit.SECONDS).isEmpty());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAnswerMetricsFromTheWorkerThatHoldsTheStream() throws Exception {
        String held = """
                {"stream":"front.q","updatedAt":"2026-11-27T10:00:00Z","count":3,
                 "window":{"kind":"count","size":1024,"unit":"samples","truncated":false},"mean":2.0,"sum":6.0}""";
        try (Connection c = connect();
                QueryResponder worker = new QueryResponder(c, PARTITIONER, (stream, window) ->
                        "front.q".equals(stream) && "count".equals(window)
                                ? Optional.of(new QueryResponder.Answer(held.getBytes(StandardCharsets.UTF_8), 3_000L))
                                : Optional.empty())) {
            given().when().get("/api/v1/streams/front.q/metrics")
                    .then().statusCode(200).body("stream", equalTo("front.q")).body("count", equalTo(3))
                    .body("sum", equalTo(6.0f));
            given().contentType("application/json").body("{\"streams\":[\"front.q\",\"front.none\"]}")
                    .when().post("/metrics")
                    .then().statusCode(200).body("metrics[0].count", equalTo(3))
                    .body("unknown", contains("front.none"));
            given().when().get("/api/v1/streams/front.none/metrics").then().statusCode(404);
        }
    }

    @Test
    void shouldRefuseRuleWritesBecauseRulesRunOnTheWorkersFromTheirFile() {
        given().contentType(ContentType.JSON).body("{\"when\": \"value > 100\"}")
                .when().put("/api/v1/rules/on-the-front")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("every worker loads the same rtda.rules.file"));
        given().when().delete("/api/v1/rules/on-the-front").then().statusCode(409);
        given().when().get("/api/v1/rules/on-the-front").then().statusCode(404);
    }

    @Test
    void shouldReportTheModeAndTheBrokerInReadiness() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'rtda-broker' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'rtda-broker' }.data.mode", equalTo("front"))
                .body("checks.find { it.name == 'rtda-broker' }.data.partitions", equalTo(3));
    }
}
