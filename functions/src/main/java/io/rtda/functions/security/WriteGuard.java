package io.rtda.functions.security;

import io.quarkus.runtime.Startup;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.functions.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards write methods under {@code /api/}: an API key ({@code X-API-Key} header or {@code Authorization:
 * Bearer}) when required, then the per-client rate limit. 401 for a missing key, 403 for a wrong one, 429
 * with Retry-After when over the limit; all as problem documents.
 */
@Startup
@ApplicationScoped
public class WriteGuard {
    private static final Logger LOG = Logger.getLogger(WriteGuard.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final boolean required;
    private final ApiKeys keys;
    private final RateLimiter limiter;

    @Inject
    public WriteGuard(RtdaConfig config) {
        RtdaConfig.Security security = config.security();
        this.required = security.requireApiKey();
        this.keys = new ApiKeys(security.apiKeys().orElse(List.of()));
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

    @ServerRequestFilter
    public Response guard(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getRequestUri().getPath();
        if (!WRITES.contains(request.getMethod()) || !path.startsWith("/api/")) {
            return null;
        }
        String key = presentedKey(request);
        String client;
        if (key == null) {
            if (required) {
                return Response.fromResponse(Problem.of(401, "unauthorized", "API key required", "this endpoint "
                        + "needs an API key in the X-API-Key header (or Authorization: Bearer <key>)").toResponse())
                        .header("WWW-Authenticate", "ApiKey").build();
            }
            client = "ip:" + (http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
        } else {
            if (!keys.accepts(key)) {
                return Problem.of(403, "forbidden", "API key not accepted", "the presented API key is not one of "
                        + "rtda.security.api-keys").toResponse();
            }
            client = "key:" + ApiKeys.hash(key);
        }
        long wait = limiter.acquire(client, System.nanoTime());
        if (wait > 0) {
            return Response.fromResponse(Problem.of(429, "rate-limited", "Too many requests", "over the rate limit "
                    + "for this client; retry after " + wait + " s or send larger batches").toResponse())
                    .header("Retry-After", Long.toString(wait)).build();
        }
        return null;
    }

    private static String presentedKey(ContainerRequestContext request) {
        String header = request.getHeaderString("X-API-Key");
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String auth = request.getHeaderString("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }
}
