package io.rtda.functions.serverless;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Knative delivers CloudEvents over HTTP to {@code /}: binary mode (attributes in {@code ce-*} headers, the
 * data as the body) and structured mode ({@code application/cloudevents+json}). The functions are also
 * plain Funqy HTTP endpoints. Fixtures follow the CloudEvents 1.0 JSON format.
 */
@QuarkusTest
public class CloudEventsTest {
    private static final String STRUCTURED = "application/cloudevents+json";

    @TestHTTPResource("/")
    URI root;

    /** A file of {@code src/test/resources/events}. */
    public static byte[] fixture(String name) throws IOException {
        try (InputStream in = CloudEventsTest.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture events/" + name);
            }
            return in.readAllBytes();
        }
    }

    @Test
    void shouldIngestABinaryModeEventAndAnswerWithAResultEvent() throws IOException {
        given().header("ce-specversion", "1.0").header("ce-type", "io.rtda.readings.v1")
                .header("ce-source", "urn:rtda:sensors:plant-7").header("ce-id", "bin-1")
                .contentType("application/json").body(fixture("cloudevent-readings-binary-data.json"))
                .when().post("/")
                .then().statusCode(200)
                .header("ce-type", "io.rtda.readings.result.v1").header("ce-source", "rtda")
                .body("accepted", equalTo(2)).body("rejected", empty());

        given().contentType("application/json").body("{\"streams\":[\"knative.binary.a\"]}")
                .when().post("/metrics")
                .then().statusCode(200).body("metrics[0].count", equalTo(2)).body("metrics[0].sum", equalTo(11.0f));
    }

    @Test
    void shouldIngestAStructuredEventReportingTheRefusedReadingByIndexAndField() throws IOException {
        given().contentType(STRUCTURED).body(fixture("cloudevent-readings-structured.json"))
                .when().post("/")
                .then().statusCode(200)
                .body("type", equalTo("io.rtda.readings.result.v1"))
                .body("data.accepted", equalTo(1))
                .body("data.rejected.index", contains(1))
                .body("data.rejected.field", contains("value"))
                .body("data.rejected[0].reason", containsString("was a string"));
    }

    @Test
    void shouldIngestABatchEventEchoingTheBatchId() throws IOException {
        given().contentType(STRUCTURED).body(fixture("cloudevent-batch-structured.json"))
                .when().post("/")
                .then().statusCode(200)
                .body("type", equalTo("io.rtda.readings.result.v1"))
                .body("data.batchId", equalTo("edge-3-000042"))
                .body("data.accepted", equalTo(2))
                .body("data.rejected.index", contains(2))
                .body("data.rejected.field", contains("value"));
    }

    @Test
    void shouldReportAnEventWithoutReadableReadingsAsOneRefusedRecordNotAnError() {
        given().header("ce-specversion", "1.0").header("ce-type", "io.rtda.readings.v1")
                .header("ce-source", "urn:test").header("ce-id", "bin-poison")
                .contentType("application/json").body("\"stream=a value=1\"")
                .when().post("/")
                .then().statusCode(200)
                .body("accepted", equalTo(0)).body("rejected", hasSize(1))
                .body("rejected[0].field", equalTo("$"))
                .body("rejected[0].reason", containsString("expected a JSON array of readings"));
    }

    @Test
    void shouldAnswerMetricsForKnownUnknownAndInvalidStreamsSeparately() {
        given().contentType("application/json")
                .body("[{\"stream\":\"funqy.metrics.a\",\"ts\":1795000000000,\"value\":4}]")
                .when().post("/ingest").then().statusCode(200).body("accepted", equalTo(1));

        given().contentType("application/json")
                .body("{\"streams\":[\"funqy.metrics.a\",\"funqy.metrics.none\",\"bad stream!\"],\"window\":\"time\"}")
                .when().post("/metrics")
                .then().statusCode(200)
                .body("metrics.stream", contains("funqy.metrics.a"))
                .body("metrics[0].window.kind", equalTo("time"))
                .body("unknown", contains("funqy.metrics.none"))
                .body("invalid.stream", contains("bad stream!"));
    }

    @Test
    void shouldAnswerABadFunctionCallWithAProblemDocument() throws Exception {
        given().contentType("application/json").body("{\"streams\":[\"k1\"],\"window\":\"bogus\"}")
                .when().post("/metrics")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("window must be"));
        HttpRequest empty = HttpRequest.newBuilder(root.resolve("/ingest")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(empty, HttpResponse.BodyHandlers.ofString());
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                answer.headers().toString());
        assertTrue(answer.body().contains("the body is empty"), answer.body());
    }

    @Test
    void shouldKeepServingTheDashboardAndHealthBesideTheCloudEventsRoute() {
        given().when().get("/").then().statusCode(200).contentType(containsString("text/html"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'rtda-broker' }.data.mode", equalTo("all-in-one"));
    }

    @Test
    void shouldAnswerADeadLetterOnAnAllInOneServerWithWhereTheyAreKept() throws IOException {
        given().contentType(STRUCTURED).body(fixture("cloudevent-dead-lettered-structured.json"))
                .when().post("/api/v1/dead-letters")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:rtda:problem:no-dead-letter-sink"))
                .body("detail", containsString("kept by fronts (rtda.mode=front)"));
    }
}
