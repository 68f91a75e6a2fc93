package io.rtda.functions.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.functions.alert.AlertState;
import io.rtda.functions.history.HistoryService;
import io.rtda.functions.history.TransitionRow;
import io.rtda.functions.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code GET /api/v1/alerts}, the live stream of transitions {@code GET /api/v1/alerts/live} (SSE), and the
 * stored ones, {@code GET /api/v1/alerts/history}.
 */
@Path("/api/v1/alerts")
public class AlertsResource {
    private static final int MAX_HISTORY = 10_000;

    private final AlertingService alerting;
    private final HistoryService history;
    private final ObjectMapper json;

    @Inject
    public AlertsResource(AlertingService alerting, HistoryService history, ObjectMapper json) {
        this.alerting = alerting;
        this.history = history;
        this.json = json;
    }

    /**
     * Stored transitions.
     *
     * @param transitions newest first, each the same JSON as the live stream's messages
     */
    public record TransitionList(List<JsonNode> transitions) {
    }

    @GET
    @Path("history")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stored alert transitions, newest first", description = "Filter by stream and/or rule; "
            + "from/to are epoch ms (default: the last 24 hours); limit 1-10000 (default 500).")
    public TransitionList history(@QueryParam("stream") String stream, @QueryParam("rule") String rule,
            @QueryParam("from") String fromText, @QueryParam("to") String toText,
            @QueryParam("limit") String limitText) {
        long to = number("to", toText, System.currentTimeMillis());
        long from = number("from", fromText, to - 86_400_000L);
        long limit = number("limit", limitText, 500);
        if (to <= from) {
            throw new ProblemException(400, "invalid-parameter", "Invalid parameter",
                    "to (" + to + ") must be after from (" + from + ")");
        }
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new ProblemException(400, "invalid-parameter", "Invalid parameter",
                    "limit must be between 1 and " + MAX_HISTORY + ", was " + limit);
        }
        try {
            List<TransitionRow> rows = history.transitions(blankToNull(stream), blankToNull(rule), from, to,
                    (int) limit).orElseThrow(() -> new ProblemException(404, "history-off", "History is off",
                            "this server keeps no history (rtda.history.enabled=false)"));
            List<JsonNode> out = new ArrayList<>(rows.size());
            for (TransitionRow r : rows) {
                out.add(json.readTree(r.body()));
            }
            return new TransitionList(out);
        } catch (SQLException | JsonProcessingException e) {
            throw new ProblemException(503, "history-unavailable", "History unavailable",
                    "the history database did not answer: " + e.getMessage());
        }
    }

    private static long number(String name, String text, long fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ProblemException(400, "invalid-parameter", "Invalid parameter",
                    name + " must be an integer, was " + text);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
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
