package io.rtda.functions.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.rtda.functions.profiles.SecuredProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** API keys and the rate limit on write endpoints, with production-like settings ({@link SecuredProfile}). */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class WriteGuardTest {
    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URI root;

    private static String reading() {
        return "{\"stream\":\"secured." + UUID.randomUUID() + "\",\"value\":1}";
    }

    @Test
    void shouldAnswerAWriteWithoutKeyWith401AndWwwAuthenticate() {
        given().contentType(ContentType.JSON).body(reading())
                .when().post("/api/v1/readings")
                .then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", "ApiKey")
                .body("type", equalTo("urn:rtda:problem:unauthorized"))
                .body("status", equalTo(401))
                .body("detail", containsString("X-API-Key"));
        given().contentType(ContentType.JSON).header("Authorization", "Basic dXNlcjpwYXNz").body(reading())
                .when().post("/api/v1/readings")
                .then().statusCode(401);
    }

    @Test
    void shouldAnswerAWrongKeyWith403() {
        given().contentType(ContentType.JSON).header("X-API-Key", "test-key-2").body(reading())
                .when().post("/api/v1/readings")
                .then().statusCode(403).contentType(PROBLEM)
                .body("type", equalTo("urn:rtda:problem:forbidden"))
                .body("detail", containsString("not one of rtda.security.api-keys"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + SecuredProfile.KEY_DIGEST)
                .body(reading())
                .when().post("/api/v1/readings")
                .then().statusCode(403);
    }

    @Test
    void shouldAcceptTheRightKeyInEitherHeader() {
        given().contentType(ContentType.JSON).header("X-API-Key", SecuredProfile.KEY).body(reading())
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(1));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + SecuredProfile.KEY).body(reading())
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(1));
    }

    @Test
    void shouldGuardTheFunqyFunctionsAndTheCloudEventsBindingLikeTheRestApi() {
        String batch = "{\"batchId\":\"guard-" + UUID.randomUUID() + "\",\"readings\":[" + reading() + "]}";
        for (String[] call : List.of(new String[] {"/ingest", reading()}, new String[] {"/ingestBatch", batch})) {
            given().contentType(ContentType.JSON).body(call[1])
                    .when().post(call[0])
                    .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "ApiKey");
            given().contentType(ContentType.JSON).header("X-API-Key", "wrong").body(call[1])
                    .when().post(call[0])
                    .then().statusCode(403).contentType(PROBLEM);
            assertEquals(200, admitted(() -> given().contentType(ContentType.JSON).header("X-API-Key",
                    SecuredProfile.KEY).body(call[1]).when().post(call[0])), call[0]);
        }
        given().contentType(ContentType.JSON).header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID())
                .header("ce-source", "test").header("ce-type", "io.rtda.readings.v1").body(reading())
                .when().post("/")
                .then().statusCode(401).contentType(PROBLEM);
        assertEquals(200, admitted(() -> given().contentType(ContentType.JSON).header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID()).header("ce-source", "test").header("ce-type",
                        "io.rtda.readings.v1").header("X-API-Key", SecuredProfile.KEY).body(reading())
                .when().post("/")), "CloudEvent");
    }

    /** The status of the first try the rate limit lets through (other tests spend the same key's tokens). */
    private static int admitted(Supplier<Response> call) {
        int[] status = new int[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            status[0] = call.get().statusCode();
            return status[0] != 429;
        });
        return status[0];
    }

    @Test
    void shouldGuardWritesWhateverTheSpellingOfThePath() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("//api/v1/readings", "/./api/v1/readings", "/x/../api/v1/readings",
                "/%61pi/v1/readings", "/api/v1//readings", "/api/v1/readings/", "/api/v1/readings?x=1")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(root.toString().replaceAll("/$", "") + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(reading()))
                    .build();

            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

            assertTrue(response.statusCode() == 401 || response.statusCode() == 404,
                    () -> path + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    @Test
    void shouldKeepReadsOpenWithoutAKey() {
        given().when().get("/api/v1/streams").then().statusCode(200);
        given().when().get("/api/v1/simulator").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void shouldAnswerRequestsBeyondTheBurstWith429AndRetryAfter() {
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 4 * SecuredProfile.RATE_BURST && limited == null; i++) {
            Response response = given().contentType(ContentType.JSON).header("X-API-Key", SecuredProfile.BURST_KEY)
                    .body(reading()).when().post("/api/v1/readings");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertTrue(limited != null, () -> "no 429 in " + statuses);
        assertTrue(statuses.size() > SecuredProfile.RATE_BURST, () -> "the burst of 3 passes first: " + statuses);
        assertEquals(List.of(200, 200, 200), statuses.subList(0, SecuredProfile.RATE_BURST));
        assertEquals(PROBLEM, limited.contentType().split(";")[0]);
        assertEquals("1", limited.header("Retry-After"), "a token comes back within a second at 2/s");
        assertEquals("urn:rtda:problem:rate-limited", limited.jsonPath().getString("type"));
        assertTrue(limited.jsonPath().getString("detail").contains("retry after 1 s"));
    }
}
