package io.rtda.functions.profiles;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Small ingest limits (1024 bytes, 5 records) so limit tests stay fast, and a fast simulator (4 sensors at
 * 50 readings/s, a 0.5 s scenario every second) so simulator tests see scenarios within seconds. Both live
 * in one profile so Quarkus restarts once for them; the simulator's streams ({@code sim.sensor-NN}) do not
 * meet the limit tests' streams.
 */
public final class ConstrainedProfile implements QuarkusTestProfile {
    public static final int MAX_BODY_BYTES = 1024;
    public static final int MAX_RECORDS = 5;
    public static final int SIMULATED_STREAMS = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rtda.ingest.max-body-bytes", Integer.toString(MAX_BODY_BYTES),
                "rtda.ingest.max-records", Integer.toString(MAX_RECORDS),
                "rtda.simulator.enabled", "true",
                "rtda.simulator.streams", Integer.toString(SIMULATED_STREAMS),
                "rtda.simulator.rate", "50",
                "rtda.simulator.scenario-every", "PT1S",
                "rtda.simulator.scenario-length", "PT0.5S");
    }
}
