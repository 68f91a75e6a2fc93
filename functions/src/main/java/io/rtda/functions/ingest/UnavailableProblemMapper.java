package io.rtda.functions.ingest;

import io.rtda.functions.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A batch that could not be made durable (broker, readings log) is answered 503 problem+json with Retry-After:
 * the client may assume nothing was stored and retry.
 */
public final class UnavailableProblemMapper {
    private static final Logger LOG = Logger.getLogger(UnavailableProblemMapper.class);

    /** At most one log line per this many ms: during an outage every request is refused the same way. */
    private static final long LOG_EVERY_MS = 10_000;
    private static final AtomicLong LAST_LOGGED = new AtomicLong(Long.MIN_VALUE / 2);
    private static final AtomicLong SINCE_LOGGED = new AtomicLong();

    @ServerExceptionMapper
    public Response unavailable(IngestUnavailableException e) {
        logSometimes(e);
        return Response.fromResponse(problem(e).toResponse()).header("Retry-After", "1").build();
    }

    /** Logs the refusal unless one was logged in the last {@value #LOG_EVERY_MS} ms; says how many were not. */
    public static void logSometimes(IngestUnavailableException e) {
        long now = System.currentTimeMillis();
        long last = LAST_LOGGED.get();
        if (now - last >= LOG_EVERY_MS && LAST_LOGGED.compareAndSet(last, now)) {
            long skipped = SINCE_LOGGED.getAndSet(0);
            LOG.warnf("%s%s", e.getMessage(), skipped == 0 ? "" : " (and " + skipped + " more request(s) refused "
                    + "the same way in the last " + (now - last) / 1000 + " s, not logged)");
        } else {
            SINCE_LOGGED.incrementAndGet();
        }
    }

    /** The 503 problem document for {@code e}. */
    public static Problem problem(IngestUnavailableException e) {
        return Problem.of(503, e.slug(), e.title(), e.advice());
    }
}
