package io.rtda.functions.ingest;

import io.rtda.functions.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A batch that could not be made durable (broker, readings log) is answered 503 problem+json with Retry-After:
 * the client may assume nothing was stored and retry.
 */
public final class UnavailableProblemMapper {
    private static final Logger LOG = Logger.getLogger(UnavailableProblemMapper.class);

    @ServerExceptionMapper
    public Response unavailable(IngestUnavailableException e) {
        LOG.warn(e.getMessage());
        return Response.fromResponse(problem(e).toResponse()).header("Retry-After", "1").build();
    }

    /** The 503 problem document for {@code e}. */
    public static Problem problem(IngestUnavailableException e) {
        return Problem.of(503, e.slug(), e.title(), e.advice());
    }
}
