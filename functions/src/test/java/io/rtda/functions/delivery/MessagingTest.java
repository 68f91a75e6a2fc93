package io.rtda.functions.delivery;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.rtda.functions.profiles.MessagingProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Alerts out and readings in over the real RabbitMQ and Mosquitto on 127.0.0.1. */
@QuarkusTest
@TestProfile(MessagingProfile.class)
class MessagingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String id() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static void putRule(String rule, String streams) {
        given().contentType(ContentType.JSON).body("{\"streams\": \"" + streams + "\", \"when\": \"value > 80\","
                + " \"severity\": \"critical\"}").when().put("/api/v1/rules/" + rule).then().statusCode(201);
    }

    private static void post(String stream, long ts, double value) {
        given().contentType(ContentType.JSON).body("{\"stream\":\"" + stream + "\",\"ts\":" + ts + ",\"value\":"
                + value + "}").when().post("/api/v1/readings").then().statusCode(200);
    }

    /** Polls a queue until {@code n} distinct events arrived (duplicates dropped by id), in arrival order. */
    private static List<JsonNode> collect(String queue, int n, Map<String, GetResponse> raw) throws Exception {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (byId.size() < n && System.nanoTime() < deadline) {
            for (GetResponse r : Brokers.drain(queue)) {
                JsonNode node = JSON.readTree(new String(r.getBody(), StandardCharsets.UTF_8));
                byId.putIfAbsent(node.get("id").asText(), node);
                raw.putIfAbsent(node.get("id").asText(), r);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        assertEquals(n, byId.size(), "distinct events received from " + queue + ": " + byId.keySet());
        return new ArrayList<>(byId.values());
    }

    @Test
    void shouldPublishTransitionsToRabbitMqWithRoutingKeyAndCloudEventsHeaders() throws Exception {
        String rule = "mq-" + id();
        String queue = "test.alerts." + rule;
        Brokers.bind(queue, "rtda.alerts", "critical." + rule);
        putRule(rule, rule + ".*");
        post(rule + ".s", 1000, 90);
        post(rule + ".s", 2000, 50);
        Map<String, GetResponse> raw = new LinkedHashMap<>();
        List<JsonNode> events = collect(queue, 2, raw);
        assertEquals("firing", events.get(0).get("state").asText());
        assertEquals("resolved", events.get(1).get("state").asText());
        GetResponse first = raw.get(rule + "/" + rule + ".s#1");
        assertEquals("critical." + rule, first.getEnvelope().getRoutingKey());
        Map<String, Object> headers = first.getProps().getHeaders();
        assertEquals("1.0", headers.get("cloudEvents:specversion").toString());
        assertEquals(rule + "/" + rule + ".s#1", headers.get("cloudEvents:id").toString());
        assertEquals("io.rtda.alert.transition", headers.get("cloudEvents:type").toString());
        assertEquals("application/json", first.getProps().getContentType());
    }

    @Test
    void shouldPublishTransitionsToMqttTopicPerRuleAndStream() throws Exception {
        String rule = "mqtt-" + id();
        try (Brokers.Mqtt sub = new Brokers.Mqtt("rtda/alerts/" + rule + "/#")) {
            putRule(rule, rule + ".*");
            post(rule + ".s", 1000, 95);
            String[] m = sub.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(m != null, "no MQTT alert within " + WAIT);
            assertEquals("rtda/alerts/" + rule + "/" + rule + ".s", m[0]);
            JsonNode n = JSON.readTree(m[1]);
            assertEquals("firing", n.get("state").asText());
            assertEquals(95.0, n.get("value").asDouble(), 1e-12);
        }
    }

    @Test
    void shouldIngestReadingsFromRabbitMqAndDeadLetterRefusedOnesWithReason() throws Exception {
        String stream = "rmq-in-" + id();
        String dlq = "test.dead." + stream;
        Brokers.bind(dlq, "rtda.readings.dead-letter", "#");
        Brokers.publish("rtda.readings", "sensors", "[{\"stream\":\"" + stream + "\",\"ts\":1000,\"value\":1.5},"
                + "{\"stream\":\"" + stream + "\",\"ts\":2000,\"valeu\":2}]");
        awaitMetrics(stream, 1);
        JsonNode dead = deadLetter(dlq);
        assertEquals(1, dead.get("accepted").asInt());
        assertEquals(1, dead.get("rejected").get(0).get("index").asInt());
        assertEquals("valeu", dead.get("rejected").get(0).get("field").asText());
        assertTrue(dead.get("source").asText().startsWith("rabbitmq:"));
        Brokers.publish("rtda.readings", "sensors", "not json");
        JsonNode unreadable = deadLetter(dlq);
        assertEquals(0, unreadable.get("accepted").asInt());
        assertEquals("not json", unreadable.get("body").asText());
        assertTrue(unreadable.get("reason").asText().length() > 5, unreadable.toString());
    }

    @Test
    void shouldIngestReadingsFromMqttAndDeadLetterRefusedOnes() throws Exception {
        String stream = "mqtt-in-" + id();
        try (Brokers.Mqtt client = new Brokers.Mqtt("rtda/dead-letter/readings")) {
            client.publish("rtda/readings/" + stream, "{\"stream\":\"" + stream + "\",\"ts\":1000,\"value\":3}");
            awaitMetrics(stream, 1);
            client.publish("rtda/readings/" + stream, "{\"stream\":\"" + stream + "\",\"ts\":2000,\"value\":\"x\"}");
            String[] m = client.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(m != null, "no dead letter within " + WAIT);
            JsonNode dead = JSON.readTree(m[1]);
            assertEquals("value", dead.get("rejected").get(0).get("field").asText());
            assertEquals("mqtt:rtda/readings/" + stream, dead.get("source").asText());
        }
    }

    @Test
    void shouldDeliverEveryTransitionInOrderAcrossARabbitMqOutage() throws Exception {
        String rule = "outage-" + id();
        String queue = "test.alerts." + rule;
        Brokers.bind(queue, "rtda.alerts", "*." + rule);
        putRule(rule, rule + ".*");
        String stream = rule + ".s";
        long ts = 0;
        for (int i = 0; i < 4; i++) {
            post(stream, ts += 1000, 90);
            post(stream, ts += 1000, 50);
        }
        rabbitmqctl("stop_app");
        try {
            for (int i = 0; i < 4; i++) {
                post(stream, ts += 1000, 90);
                post(stream, ts += 1000, 50);
            }
        } finally {
            rabbitmqctl("start_app");
        }
        for (int i = 0; i < 2; i++) {
            post(stream, ts += 1000, 90);
            post(stream, ts += 1000, 50);
        }
        List<JsonNode> events = collect(queue, 20, new LinkedHashMap<>());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).get("sequence").asInt(), "order of first arrivals");
            assertEquals(i % 2 == 0 ? "firing" : "resolved", events.get(i).get("state").asText());
        }
    }

    private static void rabbitmqctl(String command) throws Exception {
        Process p = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "rabbitmqctl " + command + " did not finish");
        assertEquals(0, p.exitValue(), "rabbitmqctl " + command + ": " + out);
    }

    private static JsonNode deadLetter(String queue) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<GetResponse> got = Brokers.drain(queue);
            if (!got.isEmpty()) {
                return JSON.readTree(new String(got.get(0).getBody(), StandardCharsets.UTF_8));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("no dead letter in " + queue + " within " + WAIT);
    }

    private static void awaitMetrics(String stream, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            int status = given().when().get("/api/v1/streams/" + stream + "/metrics").then().extract().statusCode();
            if (status == 200) {
                assertEquals(count, given().when().get("/api/v1/streams/" + stream + "/metrics").then().extract()
                        .jsonPath().getInt("count"));
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("stream " + stream + " never ingested within " + WAIT);
    }
}
