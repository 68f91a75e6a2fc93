package io.rtda.functions.profiles;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/** {@code rtda.mode=front} against RabbitMQ on 127.0.0.1, on queues of its own (deleted by the test). */
public final class FrontModeProfile implements QuarkusTestProfile {
    public static final String PREFIX = "rtda.test.front." + UUID.randomUUID() + ".";
    public static final int PARTITIONS = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rtda.mode", "front", "rtda.broker.queue-prefix", PREFIX,
                "rtda.broker.partitions", Integer.toString(PARTITIONS));
    }
}
