package io.rtda.functions.health;

import io.rtda.functions.analysis.AnalysisService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the window engine exists; reports the statistics backend and the stream count. */
@Readiness
@ApplicationScoped
public class AnalysisReadiness implements HealthCheck {
    private final AnalysisService analysis;

    @Inject
    public AnalysisReadiness(AnalysisService analysis) {
        this.analysis = analysis;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rtda-analysis").up().withData("backend", analysis.backend())
                .withData("streams", analysis.streamCount()).build();
    }
}
