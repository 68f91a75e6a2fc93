package io.rtda.functions.simulator;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /api/v1/simulator}: whether the simulator runs and the scenarios it injected. */
@Path("/api/v1/simulator")
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorResource {
    private final SimulatorRunner runner;

    @Inject
    public SimulatorResource(SimulatorRunner runner) {
        this.runner = runner;
    }

    /**
     * @param running     whether the simulator is on
     * @param lateRefused simulated readings refused as late (the LATE scenario)
     * @param scenarios   injected scenarios, oldest first
     */
    public record Status(boolean running, long lateRefused, List<ScenarioEvent> scenarios) {
    }

    @GET
    @Operation(summary = "Simulator status and labelled scenarios")
    public Status status() {
        return new Status(runner.running(), runner.lateRefused(), runner.scenarios());
    }
}
