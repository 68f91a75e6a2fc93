package io.rtda.functions.profiles;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/** {@code rtda.mode=worker} against RabbitMQ on 127.0.0.1, on queues of its own (deleted by the test). */
public final class WorkerModeProfile implements QuarkusTestProfile {
    public static final String PREFIX = "rtda.test.worker." + UUID.randomUUID() + ".";
    public static final int PARTITIONS = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rtda.mode", "worker", "rtda.broker.queue-prefix", PREFIX,
                "rtda.broker.partitions", Integer.toString(PARTITIONS));
    }
}
