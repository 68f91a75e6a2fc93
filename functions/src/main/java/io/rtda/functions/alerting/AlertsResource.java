package io.rtda.functions.alerting;

import io.rtda.functions.alert.AlertState;
import io.rtda.functions.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code GET /api/v1/alerts} and the live stream of transitions, {@code GET /api/v1/alerts/live} (SSE). */
@Path("/api/v1/alerts")
public class AlertsResource {
    private final AlertingService alerting;

    @Inject
    public AlertsResource(AlertingService alerting) {
        this.alerting = alerting;
    }

    /**
     * Current alerts.
     *
     * @param alerts each alert's latest transition ({@code state} is its current state), ordered by alert id
     */
    public record AlertList(List<AlertMessage> alerts) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Alerts, optionally only those in one state (firing, pending, resolved)")
    public AlertList list(@QueryParam("state") String state) {
        AlertState filter = null;
        if (state != null && !state.isBlank()) {
            try {
                filter = AlertState.parse(state);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(400, "invalid-state", "Invalid alert state", e.getMessage());
            }
        }
        return new AlertList(alerts(filter));
    }

    private List<AlertMessage> alerts(AlertState filter) {
        return alerting.alerts(filter).stream().map(AlertMessage::of).toList();
    }

    @GET
    @Path("live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live alert transitions as server-sent events, one JSON alert message per event")
    public Multi<AlertMessage> live() {
        return alerting.live();
    }
}
