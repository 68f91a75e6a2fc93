package io.rtda.functions.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** NDJSON bodies, bodies that are not readable as a whole, and content types other than JSON. */
@QuarkusTest
class IngestBodyFormatsTest {
    private static final String NDJSON = "application/x-ndjson";
    private static final String PROBLEM = "application/problem+json";

    /** RestAssured encodes strings only for media types it knows; NDJSON goes as bytes. */
    private static byte[] utf8(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldIngestNdjsonSkippingBlankLinesAndRefusingBadLinesByLineIndex() throws IOException {
        given().contentType(NDJSON).body(IngestRejectionsTest.fixture("readings-mixed.ndjson"))
                .when().post("/api/v1/readings")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("accepted", equalTo(3))
                .body("duplicates", equalTo(0))
                .body("rejected.index", contains(2, 5, 6))
                .body("rejected.field", contains("$", "$", "value"))
                .body("rejected[0].reason", startsWith("line 3 is not valid JSON at column"))
                .body("rejected[1].reason", containsString("each line must be one JSON object, was an array"))
                .body("rejected[2].reason", containsString("was a string"));

        given().when().get("/api/v1/streams/fixture.mixed-ndjson/metrics")
                .then().statusCode(200).body("count", equalTo(3)).body("sum", equalTo(6.0f))
                .body("to", equalTo("2026-11-27T10:00:02Z"));
    }

    @Test
    void shouldAcceptTheNdjsonMediaTypeWithACharset() {
        String stream = "ndjson-charset." + UUID.randomUUID();

        given().contentType(NDJSON + "; charset=utf-8")
                .body(utf8("{\"stream\":\"" + stream + "\",\"value\":1}"))
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(1));
    }

    @Test
    void shouldAnswerAnNdjsonBodyWithNoJsonLineWith400NamingLineAndColumn() {
        given().contentType(NDJSON).body(utf8("stream=a value=1\nstream=b value=2\n"))
                .when().post("/api/v1/readings")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("urn:rtda:problem:malformed-body"))
                .body("title", equalTo("Malformed body"))
                .body("status", equalTo(400))
                .body("detail", containsString("line 1 is not valid JSON at column"));
    }

    @Test
    void shouldAnswerAJsonSyntaxErrorWith400NamingThePosition() {
        String missingColon = "[\n{\"stream\":\"a\",\"value\":1},\n{\"stream\":\"b\" \"value\":2}\n]";

        given().contentType(ContentType.JSON).body(missingColon)
                .when().post("/api/v1/readings")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("urn:rtda:problem:malformed-body"))
                .body("status", equalTo(400))
                .body("detail", containsString("not valid JSON at line 3, column"))
                .body("detail", containsString("(in record 1)"));
    }

    @Test
    void shouldAnswerAnEmptyBodyWith400InBothFormats() {
        for (String type : new String[] {"application/json", NDJSON}) {
            given().contentType(type).body(new byte[0])
                    .when().post("/api/v1/readings")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("type", equalTo("urn:rtda:problem:malformed-body"))
                    .body("detail", containsString("the body is empty"));
        }
    }

    @Test
    void shouldAnswerATopLevelScalarWith400SuggestingAnArray() {
        given().contentType(ContentType.JSON).body("42")
                .when().post("/api/v1/readings")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("expected a JSON array of readings"));
    }

    @Test
    void shouldAnswerConcatenatedJsonObjectsWith400PointingToNdjson() {
        given().contentType(ContentType.JSON).body("{\"stream\":\"a\",\"value\":1}\n{\"stream\":\"a\",\"value\":2}")
                .when().post("/api/v1/readings")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("application/x-ndjson"));
    }

    @Test
    void shouldAnswerOtherContentTypesWith415Problem() {
        given().contentType(ContentType.TEXT).body("{\"stream\":\"a\",\"value\":1}")
                .when().post("/api/v1/readings")
                .then().statusCode(415).contentType(PROBLEM)
                .body("type", equalTo("urn:rtda:problem:http-415"))
                .body("status", equalTo(415))
                .body("detail", containsString("send application/json or application/x-ndjson"));
    }

    @Test
    void shouldAnswerAnUnknownPathAndAWrongMethodWithProblems() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
        given().when().get("/api/v1/readings")
                .then().statusCode(405).contentType(PROBLEM).body("status", equalTo(405));
    }

    @Test
    void shouldAnswerDeeplyNestedJsonWith400() {
        String deep = "[" + "[".repeat(100) + "]".repeat(100) + "]";

        given().contentType(ContentType.JSON).body(deep)
                .when().post("/api/v1/readings")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("nested deeper than 64 levels"));
        given().contentType(NDJSON).body(utf8("{\"tags\":" + deep + "}\n"))
                .when().post("/api/v1/readings")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldReportEveryRecordOfAnArrayOfNonObjects() {
        given().contentType(ContentType.JSON).body("[1, \"two\", [3], null, true]")
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(0))
                .body("rejected", hasSize(5))
                .body("rejected.field", contains("$", "$", "$", "$", "$"));
    }
}
