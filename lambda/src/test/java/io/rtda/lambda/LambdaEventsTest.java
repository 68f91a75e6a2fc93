package io.rtda.lambda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Drives the default Lambda handler ({@code events}) exactly as the Lambda runtime would: the fixture events
 * (AWS's documented shapes) are posted to the mock Lambda event server that Quarkus starts in test mode, the
 * application's poll loop takes them, and the handler's answer comes back as the response.
 */
@QuarkusTest
class LambdaEventsTest {
    static byte[] fixture(String name) throws IOException {
        try (InputStream in = LambdaEventsTest.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture events/" + name);
            }
            return in.readAllBytes();
        }
    }

    /** The mock event server: a POST to /_lambda_ is one invocation; its response is the handler's output. */
    static RequestSpecification lambda() {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        return given().baseUri("http://localhost").port(port).basePath("/_lambda_").contentType("application/json");
    }

    @Test
    void shouldListOnlyTheUnreadableSqsMessageForTheDeadLetterQueueAndStoreTheGoodOnes() throws IOException {
        // the unreadable message goes back to the queue, whose redrive policy dead-letters it; the one whose
        // only reading was refused is read (the refusal is logged and counted), so it is not retried
        lambda().body(fixture("sqs-readings.json")).when().post()
                .then().statusCode(200)
                .body("batchItemFailures.itemIdentifier", contains("2e1424d4-f796-459a-8184-9c92662be6da"));

        JsonPath a = metrics("lambda.sqs.a", 200);
        assertEquals(2, a.getInt("count"));
        assertEquals(41.5, a.getDouble("sum"), 1e-12);
        // the poison message and the one whose only reading was refused stored nothing
        metrics("lambda.sqs.b", 404);
        assertEquals("urn:rtda:problem:unknown-stream", metrics("lambda.sqs.c", 404).getString("type"));
    }

    @Test
    void shouldDecodeKinesisDataAndTreatUndecodableAndUnknownFieldRecordsAsNonRetryable() throws IOException {
        lambda().body(fixture("kinesis-readings.json")).when().post()
                .then().statusCode(200).body("batchItemFailures", empty());

        JsonPath a = metrics("lambda.kinesis.a", 200);
        assertEquals(2, a.getInt("count"));
        assertEquals(2.5, a.getDouble("last"), 1e-12);
        metrics("lambda.kinesis.c", 404);
    }

    @Test
    void shouldAnswerHttpApiV2PostWithPerRecordResultAndGetWithMetrics() throws IOException {
        String answer = lambda().body(fixture("http-api-v2-post-readings.json")).when().post()
                .then().statusCode(200).body("statusCode", equalTo(200))
                .body("headers.content-type", equalTo("application/json")).extract().asString();
        JsonPath body = new JsonPath(JsonPath.from(answer).getString("body"));
        assertEquals(2, body.getInt("accepted"));
        assertEquals(2, body.getInt("rejected[0].index"));
        assertEquals("stream", body.getString("rejected[0].field"));

        String metrics = lambda().body(fixture("http-api-v2-get-metrics.json")).when().post()
                .then().statusCode(200).body("statusCode", equalTo(200)).extract().asString();
        JsonPath view = new JsonPath(JsonPath.from(metrics).getString("body"));
        assertEquals(2, view.getInt("count"));
        assertEquals(15.0, view.getDouble("sum"), 1e-12);
    }

    @Test
    void shouldRefuseAnHttpApiWriteWithoutTheKeyOrWithAWrongOneAndKeepReadsOpen() throws IOException {
        String withKey = new String(fixture("http-api-v2-post-readings.json"), StandardCharsets.UTF_8)
                .replace("lambda.http.", "lambda.http.keyless.");
        lambda().body(withKey.replace("\"x-api-key\": \"lambda-test-key\"", "\"x-trace\": \"none\"")).when().post()
                .then().statusCode(200).body("statusCode", equalTo(401))
                .body("headers.www-authenticate", equalTo("ApiKey"))
                .body("body", containsString("API key"));
        lambda().body(withKey.replace("lambda-test-key", "guessed")).when().post()
                .then().statusCode(200).body("statusCode", equalTo(403));
        metrics("lambda.http.keyless.a", 404); // nothing of either was stored
    }

    @Test
    void shouldServeTheMetricsOfAStreamWhoseIdHasASlashEncodedOrNot() {
        String event = """
                {"version":"2.0","routeKey":"POST /api/v1/readings","rawPath":"/api/v1/readings","rawQueryString":"",
                 "headers":{"content-type":"application/json","x-api-key":"lambda-test-key"},
                 "requestContext":{"http":{"method":"POST","path":"/api/v1/readings"},"requestId":"r-2"},
                 "body":"{\\"stream\\":\\"line/4\\",\\"ts\\":1795000000000,\\"value\\":3}","isBase64Encoded":false}""";
        lambda().body(event).when().post().then().statusCode(200).body("statusCode", equalTo(200));
        assertEquals(3.0, metrics("line/4", 200).getDouble("last"), 1e-12);
        assertEquals(3.0, metrics("line%2F4", 200).getDouble("last"), 1e-12);
    }

    @Test
    void shouldAnswerAnHttpApiBodyThatIsNotJsonWithAProblem() {
        String event = """
                {"version":"2.0","routeKey":"$default","rawPath":"/readings","rawQueryString":"",
                 "headers":{"content-type":"application/json","x-api-key":"lambda-test-key"},
                 "requestContext":{"http":{"method":"POST","path":"/readings"},"requestId":"r-1"},
                 "body":"stream=a value=1","isBase64Encoded":false}""";
        lambda().body(event).when().post()
                .then().statusCode(200).body("statusCode", equalTo(400))
                .body("headers.content-type", equalTo("application/problem+json"))
                .body("body", containsString("not valid JSON"));
    }

    @Test
    void shouldFailAnInvocationWhoseShapeIsNoSupportedEventNamingTheExpectedSources() {
        lambda().body("{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"}").when().post()
                .then().statusCode(500).body("errorMessage", containsString("SQS, Kinesis or API Gateway"));
    }

    @Test
    void shouldAnswerAnEmptyBatchWithNothingAndABodylessMessageForTheDeadLetterQueue() {
        lambda().body("{\"Records\":[]}").when().post()
                .then().statusCode(200).body("batchItemFailures", empty());
        lambda().body("{\"Records\":[{\"messageId\":\"m-1\",\"eventSource\":\"aws:sqs\"}]}").when().post()
                .then().statusCode(200).body("batchItemFailures.itemIdentifier", contains("m-1"));
    }

    /** GET .../streams/{id}/metrics through the HTTP API handler; the decoded response body. */
    static JsonPath metrics(String stream, int expectedStatus) {
        String event = """
                {"version":"2.0","routeKey":"$default","rawPath":"/api/v1/streams/%s/metrics","rawQueryString":"",
                 "headers":{"accept":"application/json"},
                 "requestContext":{"http":{"method":"GET","path":"/api/v1/streams/%s/metrics"},"requestId":"q"},
                 "isBase64Encoded":false}""".formatted(stream, stream);
        String answer = lambda().body(event).when().post()
                .then().statusCode(200).body("statusCode", equalTo(expectedStatus)).extract().asString();
        return new JsonPath(JsonPath.from(answer).getString("body"));
    }
}
