package io.rtda.functions.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/streams}: ordered by id, paged with {@code after} and {@code limit}. */
@QuarkusTest
class StreamsListingTest {
    @Test
    void shouldPageStreamsInIdOrderFromTheCursor() {
        String prefix = "page." + UUID.randomUUID() + ".";
        String body = """
                [{"stream":"%1$sc","value":1},{"stream":"%1$sa","value":1},{"stream":"%1$sa","value":2},
                 {"stream":"%1$sb","value":1}]""".formatted(prefix);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/readings").then().statusCode(200)
                .body("accepted", equalTo(4));

        given().queryParam("after", prefix).queryParam("limit", 2).when().get("/api/v1/streams")
                .then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].stream", equalTo(prefix + "a"))
                .body("items[0].count", equalTo(2))
                .body("items[0].updatedAt", notNullValue())
                .body("items[1].stream", equalTo(prefix + "b"))
                .body("items[1].count", equalTo(1))
                .body("next", equalTo(prefix + "b"))
                .body("total", greaterThanOrEqualTo(3));
        given().queryParam("after", prefix + "b").queryParam("limit", 1).when().get("/api/v1/streams")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].stream", equalTo(prefix + "c"));
    }

    @Test
    void shouldRefuseALimitOutsideOneToOneThousand() {
        for (int limit : new int[] {0, 1001, -1}) {
            given().queryParam("limit", limit).when().get("/api/v1/streams")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:rtda:problem:invalid-parameter"))
                    .body("detail", containsString("limit must be between 1 and 1000, was " + limit));
        }
    }

    @Test
    void shouldAnswerANonNumericLimitWith400NamingTheParameter() {
        given().queryParam("limit", "ten").when().get("/api/v1/streams")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:rtda:problem:invalid-parameter"))
                .body("detail", containsString("limit must be between 1 and 1000, was ten"));
    }

    @Test
    void shouldDescribeLimitAsAnIntegerInOpenApi() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/api/v1/streams'.get.parameters.find { it.name == 'limit' }.schema.type",
                        equalTo("integer"));
    }
}
