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
import io.rtda.functions.serverless.CloudEventsTest;
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
            ch.queueDelete(Topology.deadLetterQueue(PARTITIONER));
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

    @Test
    void shouldKeepDeadLetteredEventsWholeInTheDeadLetterQueueWithTheirAttributesAsHeaders() throws Exception {
        double keptBefore = deadLettersKept();
        byte[] data = CloudEventsTest.fixture("cloudevent-readings-binary-data.json");
        given().header("ce-specversion", "1.0").header("ce-type", "io.rtda.readings.v1")
                .header("ce-source", "urn:rtda:sensors:plant-7").header("ce-id", "dl-binary-1")
                .header("ce-knativeerrorcode", "500").header("ce-knativeerrordest", "http://rtda-events.rtda/")
                .contentType("application/json").body(data)
                .when().post("/api/v1/dead-letters")
                .then().statusCode(202).body("kept", equalTo(true)).body("id", equalTo("dl-binary-1"));
        byte[] structured = CloudEventsTest.fixture("cloudevent-dead-lettered-structured.json");
        given().contentType("application/cloudevents+json").body(structured)
                .when().post("/api/v1/dead-letters")
                .then().statusCode(202).body("id", equalTo("dl-structured-1"));
        given().header("ce-specversion", "1.0").header("ce-type", "io.rtda.readings.v1")
                .header("ce-source", "urn:rtda:sensors:plant-7").contentType("application/json").body(data)
                .when().post("/api/v1/dead-letters")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("no 'id' attribute (a ce-id header)"));
        given().contentType("application/cloudevents+json").body("[1]").when().post("/api/v1/dead-letters")
                .then().statusCode(400).body("detail", containsString("is a JSON object"));

        try (Connection c = connect(); Channel ch = c.createChannel()) {
            GetResponse binary = ch.basicGet(Topology.deadLetterQueue(PARTITIONER), true);
            assertEquals(new String(data, StandardCharsets.UTF_8), new String(binary.getBody(),
                    StandardCharsets.UTF_8), "the data, as it came");
            assertEquals(2, binary.getProps().getDeliveryMode(), "persistent");
            assertEquals("application/json", binary.getProps().getContentType());
            Map<String, Object> headers = binary.getProps().getHeaders();
            assertEquals("dl-binary-1", headers.get("ce-id").toString());
            assertEquals("urn:rtda:sensors:plant-7", headers.get("ce-source").toString());
            assertEquals("500", headers.get("ce-knativeerrorcode").toString());
            assertTrue(headers.containsKey("x-rtda-dead-lettered-at"));

            GetResponse whole = ch.basicGet(Topology.deadLetterQueue(PARTITIONER), true);
            assertEquals(new String(structured, StandardCharsets.UTF_8), new String(whole.getBody(),
                    StandardCharsets.UTF_8), "the whole structured event, data included");
            assertTrue(whole.getProps().getContentType().startsWith("application/cloudevents+json"),
                    "the content type as it came: " + whole.getProps().getContentType());
            headers = whole.getProps().getHeaders();
            assertEquals("dl-structured-1", headers.get("ce-id").toString());
            assertEquals("503", headers.get("ce-knativeerrorcode").toString());
            assertEquals("http://rtda-events.rtda.svc.cluster.local/", headers.get("ce-knativeerrordest").toString());
            assertTrue(!headers.containsKey("ce-data"), "the data stays in the body only");
            assertEquals(null, ch.basicGet(Topology.deadLetterQueue(PARTITIONER), true), "invalid events not kept");
        }
        assertEquals(keptBefore + 2, deadLettersKept(), "two kept");
    }

    private static double deadLettersKept() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("rtda_events_dead_letters_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(0);
    }

    @Test
    void shouldDeclareADeletedDeadLetterQueueAgainAndKeepHugeAttributesInTheBodyOnly() throws Exception {
        String queue = Topology.deadLetterQueue(PARTITIONER);
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDelete(queue);
        }
        String big = "y".repeat(200_000);
        String event = "{\"specversion\":\"1.0\",\"type\":\"io.rtda.readings.v1\",\"source\":\"urn:x\","
                + "\"id\":\"dl-big\",\"big\":\"" + big + "\",\"data\":[]}";
        given().contentType("application/cloudevents+json").body(event).when().post("/api/v1/dead-letters")
                .then().statusCode(202);
        given().header("ce-specversion", "1.0").header("ce-type", "t").header("ce-source", "urn:x")
                .header("ce-id", "dl-after").body("{}").contentType("application/json")
                .when().post("/api/v1/dead-letters").then().statusCode(202);
        given().contentType("application/cloudevents+json").body("{\"specversion\":\"1.0\",\"type\":\"t\","
                + "\"source\":\"urn:x\",\"id\":null}").when().post("/api/v1/dead-letters")
                .then().statusCode(400).body("detail", containsString("no 'id' attribute"));
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            GetResponse kept = ch.basicGet(queue, true);
            assertEquals(event, new String(kept.getBody(), StandardCharsets.UTF_8), "the whole event");
            String header = kept.getProps().getHeaders().get("ce-big").toString();
            assertEquals(1027, header.length(), "the header is shortened: " + header.length());
            assertEquals("dl-after", ch.basicGet(queue, true).getProps().getHeaders().get("ce-id").toString());
            assertEquals(null, ch.basicGet(queue, true), "each kept once");
        }
    }
}
