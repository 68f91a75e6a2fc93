package io.rtda.functions.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Readiness, Prometheus metrics and the OpenAPI document. */
@QuarkusTest
class ObservabilityTest {
    @Test
    void shouldReportReadyWithTheAnalysisBackend() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("rtda-analysis"))
                .body("checks.find { it.name == 'rtda-analysis' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'rtda-analysis' }.data.backend", notNullValue())
                .body("checks.find { it.name == 'rtda-analysis' }.data.streams", notNullValue());
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldExportIngestCountersAndTheBatchLatencyHistogram() {
        String stream = "observed." + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("[{\"stream\":\"" + stream + "\",\"value\":1},{\"value\":2}]")
                .when().post("/api/v1/readings")
                .then().statusCode(200).body("accepted", equalTo(1));

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(matchesPattern("(?s).*\\nrtda_readings_accepted_total(\\{[^}]*\\})? [1-9][0-9.E]*\\n.*"))
                .body(containsString("rtda_readings_rejected_total{field=\"stream\""))
                .body(containsString("rtda_readings_duplicate_total"))
                .body(containsString("rtda_ingest_batch_seconds_bucket{"))
                .body(containsString("rtda_ingest_batch_seconds_count"))
                .body(containsString("rtda_streams"));
    }

    @Test
    void shouldNeverMakeAMetricLabelOfANameTheClientChose() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            body.append(i > 0 ? "," : "").append("{\"stream\":\"card\",\"value\":1,\"f").append(i)
                    .append("x\":1},{\"stream\":\"card\",\"value\":1,\"tags\":{\"k").append(i).append("\":7}}");
        }
        given().contentType(ContentType.JSON).body(body.append("]").toString())
                .when().post("/api/v1/readings").then().statusCode(200).body("rejected.size()", equalTo(100));

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("rtda_readings_rejected_total{field=\"other\""), "unknown fields count as other");
        assertTrue(metrics.contains("rtda_readings_rejected_total{field=\"tags\""), "bad tags count as tags");
        assertFalse(metrics.contains("field=\"f1x\"") || metrics.contains("field=\"tags.k1\""), "no client label");
    }

    @Test
    void shouldDescribeTheApiInOpenApi() {
        given().when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/v1/readings"))
                .body(containsString("/api/v1/streams/{id}/metrics"))
                .body(containsString("X-API-Key"))
                .body(containsString("front or worker mode: rules come from the rules file"))
                .body(containsString("the rule is invalid; every problem is listed"));
    }
}
