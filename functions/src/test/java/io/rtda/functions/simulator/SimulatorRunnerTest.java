package io.rtda.functions.simulator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.rtda.functions.profiles.ConstrainedProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator inside the running application: its streams grow and its scenarios are labelled. */
@QuarkusTest
@TestProfile(ConstrainedProfile.class)
class SimulatorRunnerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final List<String> SENSORS = List.of("sim.sensor-00", "sim.sensor-01", "sim.sensor-02",
            "sim.sensor-03");

    /** Readings stored so far per simulated sensor, in id order. */
    private static List<Integer> counts() {
        JsonPath page = given().queryParam("after", "sim.sensor-").queryParam("limit", SENSORS.size())
                .when().get("/api/v1/streams").then().statusCode(200).extract().jsonPath();
        List<String> ids = page.getList("items.stream");
        assertEquals(SENSORS, ids);
        return page.getList("items.count", Integer.class);
    }

    @Test
    void shouldFeedEverySimulatedSensorContinuously() {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> counts().stream().allMatch(c -> c > 0));
        List<Integer> first = counts();

        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            List<Integer> now = counts();
            for (int i = 0; i < now.size(); i++) {
                if (now.get(i) <= first.get(i)) {
                    return false;
                }
            }
            return true;
        });
        given().when().get("/api/v1/streams/sim.sensor-00/metrics")
                .then().statusCode(200).body("count", greaterThan(0)).body("anomaly.detector", equalTo("robust-z"));
    }

    @Test
    void shouldListLabelledScenariosOnSimulatedSensors() {
        await().atMost(PATIENCE).until(() -> given().when().get("/api/v1/simulator").then().statusCode(200)
                .extract().jsonPath().getList("scenarios").size() >= 2);

        JsonPath status = given().when().get("/api/v1/simulator").then().statusCode(200)
                .body("running", equalTo(true)).extract().jsonPath();
        List<Map<String, String>> scenarios = status.getList("scenarios");
        assertEquals("SPIKE", scenarios.get(0).get("scenario"), "the rotation starts with a spike");
        assertEquals("LEVEL_SHIFT", scenarios.get(1).get("scenario"));
        for (Map<String, String> s : scenarios) {
            assertTrue(SENSORS.contains(s.get("stream")), s::toString);
            Instant from = Instant.parse(s.get("from"));
            Instant to = Instant.parse(s.get("to"));
            assertTrue(to.isAfter(from), s::toString);
            assertTrue(!to.isAfter(from.plusMillis(500)), () -> "at most scenario-length (0.5 s): " + s);
        }
    }
}
