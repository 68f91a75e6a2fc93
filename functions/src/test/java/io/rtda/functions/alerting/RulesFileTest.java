package io.rtda.functions.alerting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.rtda.functions.profiles.RulesFileProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rules file: loaded at start, written back on PUT and DELETE, reloaded when edited by hand. */
@QuarkusTest
@TestProfile(RulesFileProfile.class)
class RulesFileTest {
    @TestHTTPResource("/")
    URI root;

    private static String file() throws Exception {
        return Files.readString(RulesFileProfile.FILE, StandardCharsets.UTF_8);
    }

    private static void awaitRule(String id, boolean present) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if ((given().when().get("/api/v1/rules/" + id).then().extract().statusCode() == 200) == present) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("rule " + id + (present ? " never appeared" : " never went away"));
    }

    @Test
    void shouldLoadTheFileAtStartAndFireItsRule() {
        given().when().get("/api/v1/rules").then().statusCode(200).body("rules.id", hasItem("file-hot"))
                .body("file", equalTo(RulesFileProfile.FILE.toString()));
        given().contentType(ContentType.JSON).body("{\"stream\":\"file.a\",\"ts\":1000,\"value\":99}")
                .when().post("/api/v1/readings").then().statusCode(200);
        given().when().get("/api/v1/alerts?state=firing").then().body("alerts.alertId", hasItem("file-hot/file.a"));
    }

    @Test
    void shouldSaveRulesBackOnPutAndDelete() throws Exception {
        given().contentType(ContentType.JSON).body("{\"when\": \"mean < 3\", \"for\": \"30s\"}")
                .when().put("/api/v1/rules/saved").then().statusCode(201);
        assertTrue(file().contains("id: saved") && file().contains("when: mean < 3"), file());
        assertTrue(file().contains("id: file-hot"), "the other rules stay: " + file());
        given().when().delete("/api/v1/rules/saved").then().statusCode(204);
        assertTrue(!file().contains("id: saved"), file());
    }

    @Test
    void shouldReloadAnEditedFileAndKeepTheRulesWhenTheEditIsInvalid() throws Exception {
        String original = file();
        Files.writeString(RulesFileProfile.FILE, original + "  - id: edited\n    when: value < 0\n");
        awaitRule("edited", true);
        Files.writeString(RulesFileProfile.FILE, original + "  - id: broken\n    when: value <> 0\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String error = null;
        while (error == null && System.nanoTime() < deadline) {
            error = given().when().get("/api/v1/rules").then().extract().jsonPath().getString("fileError");
        }
        assertTrue(error != null && error.contains("rule 'broken' is invalid: when cannot read condition"), error);
        given().when().get("/api/v1/rules").then().body("rules.id", hasItem("edited"))
                .body("rules.id", not(hasItem("broken")));
        Files.writeString(RulesFileProfile.FILE, original);
        awaitRule("edited", false);
    }

    @Test
    void shouldRefuseAnEditWithTwoRulesOfOneId() throws Exception {
        String original = file();
        Files.writeString(RulesFileProfile.FILE, original + "  - id: twin\n    when: value > 1\n"
                + "  - id: twin\n    when: value > 1000\n");
        String error = awaitFileError("same id 'twin'");
        assertTrue(error.contains("rule ids must be unique"), error);
        given().when().get("/api/v1/rules").then().body("rules.id", not(hasItem("twin")));
        Files.writeString(RulesFileProfile.FILE, original);
        awaitFileError(null);
    }

    @Test
    void shouldKeepTheRulesWhenTheFileIsDeletedAndWriteThemBackOnTheNextChange() throws Exception {
        String original = file();
        Files.delete(RulesFileProfile.FILE);
        String error = awaitFileError("deleted or moved");
        assertTrue(error.contains("stay active"), error);
        given().when().get("/api/v1/rules").then().body("rules.id", hasItem("file-hot"));
        given().contentType(ContentType.JSON).body("{\"when\": \"mean < 3\"}")
                .when().put("/api/v1/rules/after-delete").then().statusCode(201);
        assertTrue(file().contains("id: file-hot") && file().contains("id: after-delete"), file());
        given().when().delete("/api/v1/rules/after-delete").then().statusCode(204);
        Files.writeString(RulesFileProfile.FILE, original);
    }

    @Test
    void shouldAnswerAnEmptyRuleBodyWith400AtOnce() throws Exception {
        HttpRequest empty = HttpRequest.newBuilder(root.resolve("/api/v1/rules/empty"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(empty, HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("the body is empty"), response.body());
    }

    /** Waits until the file error contains {@code text} (or, for null, until there is none); returns it. */
    private static String awaitFileError(String text) {
        String[] error = new String[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            error[0] = given().when().get("/api/v1/rules").then().extract().jsonPath().getString("fileError");
            return text == null ? error[0] == null : error[0] != null && error[0].contains(text);
        });
        return error[0];
    }
}
