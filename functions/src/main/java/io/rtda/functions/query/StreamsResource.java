package io.rtda.functions.query;

import io.rtda.accelerator.ingest.StreamPage;
import io.rtda.accelerator.reading.InvalidReadingException;
import io.rtda.accelerator.reading.Reading;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.functions.analysis.AnalysisService;
import io.rtda.functions.history.HistoryService;
import io.rtda.functions.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code GET /api/v1/streams}, {@code .../{id}/metrics} and {@code .../{id}/history}. */
@Path("/api/v1/streams")
@Produces(MediaType.APPLICATION_JSON)
public class StreamsResource {
    static final int MAX_PAGE = 1000;

    /** Bucket lengths offered when the request names none: the first giving at most 600 buckets. */
    private static final long[] STEPS = {1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000,
        21_600_000, 86_400_000};

    private final AnalysisService analysis;
    private final HistoryService history;
    private final MetricsQuery metrics;

    @Inject
    public StreamsResource(AnalysisService analysis, HistoryService history, MetricsQuery metrics) {
        this.analysis = analysis;
        this.history = history;
        this.metrics = metrics;
    }

    /**
     * One listed stream.
     *
     * @param stream    id
     * @param updatedAt last update
     * @param count     samples stored since start
     */
    public record StreamItem(String stream, Instant updatedAt, long count) {
    }

    /**
     * A page of streams.
     *
     * @param items streams, ordered by id
     * @param next  cursor for the next page ({@code ?after=}), null on the last page
     * @param total streams held
     */
    public record StreamList(List<StreamItem> items, String next, int total) {
    }

    @GET
    @Operation(summary = "List streams", description = "Ordered by id; pass the returned next as after= for "
            + "the next page.")
    public StreamList list(@QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("100")
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000")) String limitText) {
        // Read as text: JAX-RS answers an unparsable int query parameter with 404 Not Found, not a 400.
        int limit = pageLimit(limitText);
        StreamPage page = analysis.streams(after == null || after.isEmpty() ? null : after, limit);
        List<StreamItem> items = page.items().stream()
                .map(e -> new StreamItem(e.stream(), Instant.ofEpochMilli(e.updatedAt()), e.readings())).toList();
        return new StreamList(items, page.next(), page.total());
    }

    private static int pageLimit(String text) {
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below with the parameter's name and rule
        }
        throw new ProblemException(400, "invalid-parameter", "Invalid parameter",
                "limit must be between 1 and " + MAX_PAGE + ", was " + text);
    }

    @GET
    @Path("{id: .+}/metrics")
    @Operation(summary = "Latest metrics of a stream", description = "Statistics of the count window (default) "
            + "or the time window (?window=time), with the anomaly score of the most anomalous reading the latest "
            + "request brought (anomaly.at, anomaly.value).")
    public MetricsView metrics(@PathParam("id") String id, @QueryParam("window") String window) {
        checkStream(id);
        WindowKind kind;
        try {
            kind = WindowKind.parse(window);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "invalid-parameter", "Invalid parameter", e.getMessage());
        }
        return metrics.latest(id, kind).orElseThrow(() -> new ProblemException(404, "unknown-stream",
                "Unknown stream", "no readings have been stored for stream '" + id + "'"));
    }

    @GET
    @Path("{id: .+}/history")
    @Operation(summary = "History of a stream", description = "Statistics in buckets of step over [from, to), "
            + "served from the 1 s, 1 min or 1 h rollup that covers the range. from/to: ISO-8601 instants or "
            + "epoch ms (default: the last hour); step: ISO-8601 duration or ms (default: at most 600 buckets).")
    public HistoryView history(@PathParam("id") String id, @QueryParam("from") String fromText,
            @QueryParam("to") String toText, @QueryParam("step") String stepText) {
        checkStream(id);
        Instant to = toText == null || toText.isBlank() ? Instant.now() : instant("to", toText);
        Instant from = fromText == null || fromText.isBlank() ? to.minus(Duration.ofHours(1))
                : instant("from", fromText);
        if (!to.isAfter(from)) {
            throw new ProblemException(400, "invalid-parameter", "Invalid parameter",
                    "to (" + to + ") must be after from (" + from + ")");
        }
        long span = to.toEpochMilli() - from.toEpochMilli();
        long step = stepText == null || stepText.isBlank() ? defaultStep(span) : step(stepText);
        if (!history.enabled()) {
            throw new ProblemException(404, "history-off", "History is off",
                    "this server keeps no history (rtda.history.enabled=false)");
        }
        try {
            return HistoryView.of(id, from, to, history.read(id, from.toEpochMilli(), to.toEpochMilli(), step)
                    .orElseThrow());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "invalid-parameter", "Invalid parameter", e.getMessage());
        } catch (SQLException e) {
            throw new ProblemException(503, "history-unavailable", "History unavailable",
                    "the history database did not answer: " + e.getMessage());
        }
    }

    private static void checkStream(String id) {
        try {
            Reading.checkStream(id);
        } catch (InvalidReadingException e) {
            throw new ProblemException(400, "invalid-stream", "Invalid stream id", "stream id " + e.reason());
        }
    }

    private static Instant instant(String name, String text) {
        try {
            return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(text))
                    : Instant.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ProblemException(400, "invalid-parameter", "Invalid parameter", name
                    + " must be an ISO-8601 instant (2026-11-27T10:00:00Z) or epoch milliseconds, was " + text);
        }
    }

    private static long step(String text) {
        try {
            long ms = text.chars().allMatch(Character::isDigit) ? Long.parseLong(text)
                    : Duration.parse(text).toMillis();
            if (ms >= 1) {
                return ms;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(400, "invalid-parameter", "Invalid parameter",
                "step must be a positive ISO-8601 duration (PT1M) or milliseconds, was " + text);
    }

    private static long defaultStep(long span) {
        for (long step : STEPS) {
            if (span / step <= 600) {
                return step;
            }
        }
        return Math.max(STEPS[STEPS.length - 1], span / 600);
    }
}
