package io.rtda.functions.dashboard;

import io.rtda.accelerator.reading.InvalidReadingException;
import io.rtda.accelerator.reading.Reading;
import io.rtda.functions.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code GET /api/v1/dashboard/live}: the dashboard's live feed as server-sent events. */
@Path("/api/v1/dashboard")
public class DashboardResource {
    static final int MAX_SELECTED = 100;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final DashboardPublisher publisher;

    @Inject
    public DashboardResource(DashboardPublisher publisher) {
        this.publisher = publisher;
    }

    @GET
    @Path("live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live stream frames for the dashboard", description = "Server-sent events, one JSON "
            + "message each: first a snapshot of the selected streams (stream=ID, repeatable; all when absent) "
            + "with sparkline values, then the streams changed since the previous message, at most rate "
            + "messages per second (capped by rtda.dashboard.max-rate). A slow client skips sends instead of "
            + "queueing them.")
    public Multi<BoardMessage> live(@QueryParam("stream") List<String> streams, @QueryParam("rate") String rate) {
        Set<String> selected = selection(streams);
        Duration every = publisher.minSendInterval(rate(rate));
        long heartbeatEvery = Math.max(1, HEARTBEAT.toNanos() / every.toNanos());
        BoardCursor cursor = new BoardCursor(publisher.board(), selected, heartbeatEvery);
        return BoardFeed.messages(cursor, every, publisher::skipped)
                .onSubscription().invoke(() -> publisher.connected(true))
                .onTermination().invoke(() -> publisher.connected(false));
    }

    private static Set<String> selection(List<String> streams) {
        if (streams == null) {
            return Set.of();
        }
        if (streams.size() > MAX_SELECTED) {
            throw new ProblemException(400, "invalid-parameter", "Invalid parameter", "at most " + MAX_SELECTED
                    + " stream parameters, was " + streams.size() + "; leave them out to follow every stream");
        }
        for (String s : streams) {
            try {
                Reading.checkStream(s);
            } catch (InvalidReadingException e) {
                throw new ProblemException(400, "invalid-stream", "Invalid stream id", "stream " + e.reason());
            }
        }
        return Set.copyOf(streams);
    }

    private double rate(String text) {
        if (text == null || text.isBlank()) {
            return publisher.maxRate();
        }
        try {
            double rate = Double.parseDouble(text.trim());
            if (rate > 0 && Double.isFinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(400, "invalid-parameter", "Invalid parameter", "rate must be a number of "
                + "messages per second above 0 (at most " + publisher.maxRate() + " is used), was " + text);
    }
}
