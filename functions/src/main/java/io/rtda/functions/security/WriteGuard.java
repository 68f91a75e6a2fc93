package io.rtda.functions.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.functions.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Guards every write (POST, PUT, PATCH, DELETE) on every path: the REST API under {@code /api/}, the Funqy
 * functions ({@code /ingest}, {@code /ingestBatch}, {@code /metrics}) and the CloudEvents binding ({@code
 * POST /}). An API key ({@code X-API-Key} header or {@code Authorization: Bearer}) when required, then the
 * per-client rate limit. 401 for a missing key, 403 for a wrong one, 429 with Retry-After when over the
 * limit; all as problem documents. It runs as the first Vert.x route, ahead of both RESTEasy and Funqy (a
 * RESTEasy filter never saw the Funqy routes, so they took writes without a key). Where events arrive from
 * a Knative broker, which sends no key, they go to a cluster-local service that does not require one.
 */
@Startup
@ApplicationScoped
public class WriteGuard {
    private static final Logger LOG = Logger.getLogger(WriteGuard.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final boolean required;
    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final ObjectMapper json;

    @Inject
    public WriteGuard(RtdaConfig config, ObjectMapper json) {
        RtdaConfig.Security security = config.security();
        this.required = security.requireApiKey();
        this.keys = new ApiKeys(security.apiKeys().orElse(List.of()));
        this.json = json;
        if (required && keys.isEmpty()) {
            throw new IllegalStateException("rtda.security.require-api-key is true but rtda.security.api-keys is "
                    + "empty: set RTDA_SECURITY_API_KEYS to the SHA-256 of each key "
                    + "(printf %s \"$KEY\" | sha256sum), or set rtda.security.require-api-key=false for a "
                    + "trusted network");
        }
        this.limiter = new RateLimiter(security.rateLimit(), security.rateBurst(), 100_000);
        LOG.infof("RTDA-SEC-001 write endpoints: api key %s (%d configured), rate limit %s",
                required ? "required" : "optional", keys.isEmpty() ? 0 : security.apiKeys().get().size(),
                security.rateLimit() == 0 ? "off" : security.rateLimit() + "/s burst " + security.rateBurst());
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::guard);
    }

    private void guard(RoutingContext ctx) {
        HttpServerRequest http = ctx.request();
        Refusal refusal = WRITES.contains(http.method().name()) ? check(http) : null;
        if (refusal == null) {
            ctx.next();
            return;
        }
        HttpServerResponse response = ctx.response();
        if (refusal.problem().status() == 401) {
            response.putHeader("WWW-Authenticate", "ApiKey");
        } else if (refusal.retryAfter() > 0) {
            response.putHeader("Retry-After", Long.toString(refusal.retryAfter()));
        }
        refusal.problem().end(response, json);
    }

    /** Why this write is refused, or null to let it through. */
    private Refusal check(HttpServerRequest http) {
        String key = ApiKeys.presented(http::getHeader);
        String client;
        if (key == null) {
            if (required) {
                return new Refusal(Problem.of(401, "unauthorized", "API key required", "this endpoint needs an API "
                        + "key in the X-API-Key header (or Authorization: Bearer <key>)"), 0);
            }
            client = "ip:" + (http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
        } else {
            if (!keys.accepts(key)) {
                return new Refusal(Problem.of(403, "forbidden", "API key not accepted", "the presented API key is "
                        + "not one of rtda.security.api-keys"), 0);
            }
            client = "key:" + ApiKeys.hash(key);
        }
        long wait = limiter.acquire(client, System.nanoTime());
        if (wait > 0) {
            return new Refusal(Problem.of(429, "rate-limited", "Too many requests", "over the rate limit for this "
                    + "client; retry after " + wait + " s or send larger batches"), wait);
        }
        return null;
    }

    private record Refusal(Problem problem, long retryAfter) {
    }
}
