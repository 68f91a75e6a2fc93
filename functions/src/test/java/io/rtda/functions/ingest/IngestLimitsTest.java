package io.rtda.functions.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.rtda.functions.profiles.ConstrainedProfile;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** 413 for bodies over {@code rtda.ingest.max-body-bytes} (1024 here) or over {@code max-records} (5 here). */
@QuarkusTest
@TestProfile(ConstrainedProfile.class)
class IngestLimitsTest {
    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/api/v1/readings")
    URI readings;

    private static String records(String stream, int n, String separator) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? separator : "").append("{\"stream\":\"").append(stream).append("\",\"ts\":")
                    .append(1_795_773_600_000L + i).append(",\"value\":").append(i).append('}');
        }
        return sb.toString();
    }

    /** A JSON array of one reading padded with spaces to exactly {@code size} bytes. */
    private static String paddedTo(String stream, int size) {
        String body = "[{\"stream\":\"" + stream + "\",\"value\":1}";
        return body + " ".repeat(size - body.length() - 1) + "]";
    }

    @Test
    void shouldAcceptExactlyMaxRecordsInBothFormats() {
        String stream = "limits.ok." + UUID.randomUUID();

        given().contentType(ContentType.JSON).body("[" + records(stream, ConstrainedProfile.MAX_RECORDS, ",") + "]")
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(ConstrainedProfile.MAX_RECORDS));
        given().contentType("application/x-ndjson")
                .body(("\n\n" + records(stream + "x", 5, "\n\n") + "\n\n").getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(ConstrainedProfile.MAX_RECORDS));
    }

    @Test
    void shouldRefuseMoreThanMaxRecordsWith413AndStoreNothing() {
        String stream = "limits.records." + UUID.randomUUID();

        given().contentType(ContentType.JSON).body("[" + records(stream, 6, ",") + "]")
                .when().post("/api/v1/readings")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("urn:rtda:problem:too-many-records"))
                .body("status", equalTo(413))
                .body("detail", containsString("rtda.ingest.max-records (5)"));
        given().contentType("application/x-ndjson").body(records(stream, 6, "\n").getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/readings")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("urn:rtda:problem:too-many-records"));
        given().when().get("/api/v1/streams/" + stream + "/metrics").then().statusCode(404);
    }

    @Test
    void shouldAcceptABodyOfExactlyMaxBodyBytesAndRefuseOneByteMore() {
        String stream = "limits.bytes." + UUID.randomUUID();

        given().contentType(ContentType.JSON).body(paddedTo(stream, ConstrainedProfile.MAX_BODY_BYTES))
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(1));
        given().contentType(ContentType.JSON).body(paddedTo(stream, ConstrainedProfile.MAX_BODY_BYTES + 1))
                .when().post("/api/v1/readings")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("urn:rtda:problem:body-too-large"))
                .body("status", equalTo(413))
                .body("detail", containsString("over rtda.ingest.max-body-bytes (1024)"));
    }

    @Test
    void shouldRefuseAnOversizedChunkedBodyWithoutContentLength() throws Exception {
        byte[] body = paddedTo("limits.chunked." + UUID.randomUUID(), 64 * 1024).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(readings).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(PROBLEM));
        assertTrue(response.body().contains("urn:rtda:problem:body-too-large"), response.body());
    }
}
