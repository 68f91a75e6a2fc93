package io.rtda.functions.query;

import io.rtda.accelerator.ingest.StreamPage;
import io.rtda.accelerator.reading.InvalidReadingException;
import io.rtda.accelerator.reading.Reading;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.functions.analysis.AnalysisService;
import io.rtda.functions.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code GET /api/v1/streams} and {@code GET /api/v1/streams/{id}/metrics}. */
@Path("/api/v1/streams")
@Produces(MediaType.APPLICATION_JSON)
public class StreamsResource {
    static final int MAX_PAGE = 1000;

    private final AnalysisService analysis;
    private final MetricsQuery metrics;

    @Inject
    public StreamsResource(AnalysisService analysis, MetricsQuery metrics) {
        this.analysis = analysis;
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
            + "or the time window (?window=time), with the anomaly score of the newest value.")
    public MetricsView metrics(@PathParam("id") String id, @QueryParam("window") String window) {
        try {
            Reading.checkStream(id);
        } catch (InvalidReadingException e) {
            throw new ProblemException(400, "invalid-stream", "Invalid stream id", "stream id " + e.reason());
        }
        WindowKind kind;
        try {
            kind = WindowKind.parse(window);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "invalid-parameter", "Invalid parameter", e.getMessage());
        }
        return metrics.latest(id, kind).orElseThrow(() -> new ProblemException(404, "unknown-stream",
                "Unknown stream", "no readings have been stored for stream '" + id + "'"));
    }
}
