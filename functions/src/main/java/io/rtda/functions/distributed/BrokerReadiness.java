package io.rtda.functions.distributed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready}: the mode, and in front and worker modes whether the broker connection is open. */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {
    private final DistributedRuntime runtime;

    @Inject
    public BrokerReadiness(DistributedRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        boolean open = runtime.connection().map(c -> c.isOpen()).orElse(true);
        return HealthCheckResponse.named("rtda-broker").status(open).withData("mode", runtime.mode().key())
                .withData("partitions", runtime.partitioner().partitions()).build();
    }
}
