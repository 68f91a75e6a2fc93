package io.rtda.functions.serverless;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.functions.ingest.IngestUnavailableException;
import io.rtda.functions.ingest.UnavailableProblemMapper;
import io.rtda.functions.problem.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Answers the Funqy routes' failures ({@code /ingest}, {@code /ingestBatch}, {@code /metrics} and the
 * CloudEvents binding at {@code /}) with problem documents, as the REST API does, instead of Quarkus's
 * text/plain error page: a function's {@link IllegalArgumentException} (a bad request it refused) and an empty
 * body are 400s naming what was wrong; a batch that could not be made durable (broker, readings log) is a 503
 * with Retry-After, as on the REST API; anything else is a 500 whose id is logged with the stack trace.
 */
@ApplicationScoped
public class FunqyProblems {
    private static final Logger LOG = Logger.getLogger(FunqyProblems.class);

    private final ObjectMapper json;

    @Inject
    public FunqyProblems(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.routeWithRegex("/(ingest|ingestBatch|metrics)?").order(Integer.MIN_VALUE + 2)
                .failureHandler(this::answer);
    }

    private void answer(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        problem(ctx).end(ctx.response(), json);
    }

    private static Problem problem(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return Problem.of(400, "invalid-request", "Invalid request", t.getMessage());
            }
            if (t instanceof IngestUnavailableException unavailable) {
                UnavailableProblemMapper.logSometimes(unavailable);
                ctx.response().putHeader("Retry-After", "1");
                return UnavailableProblemMapper.problem(unavailable);
            }
        }
        if ("0".equals(ctx.request().getHeader("Content-Length"))) {
            return Problem.of(400, "malformed-body", "Malformed body", "the body is empty: send the function's "
                    + "JSON input (readings for ingest, {\"streams\": [...]} for metrics)");
        }
        int status = ctx.statusCode();
        if (status >= 400 && status < 500) {
            return Problem.of(status, "http-" + status, "Bad request", "the request could not be read"
                    + (failure == null || failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        }
        String id = Long.toHexString(System.nanoTime());
        LOG.errorf(failure, "RTDA-HTTP-500 unexpected error %s on %s %s", id, ctx.request().method(),
                ctx.request().path());
        return Problem.of(500, "internal", "Internal error", "unexpected server error, logged as " + id
                + "; please report it");
    }
}
