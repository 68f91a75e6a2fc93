package io.rtda.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.rtda.accelerator.reading.InvalidReadingException;
import io.rtda.accelerator.reading.Reading;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.functions.ingest.IngestService;
import io.rtda.functions.ingest.IngestUnavailableException;
import io.rtda.functions.ingest.MalformedBodyException;
import io.rtda.functions.ingest.TooManyRecordsException;
import io.rtda.functions.problem.Problem;
import io.rtda.functions.query.MetricsQuery;
import io.rtda.functions.security.ApiKeys;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API Gateway HTTP API (payload 2.0) and Lambda function URLs ({@code QUARKUS_LAMBDA_HANDLER=http}):
 * {@code POST .../readings} (JSON or NDJSON, answered like {@code POST /api/v1/readings}) and
 * {@code GET .../streams/{id}/metrics[?window=time]}. Errors are RFC 9457 problem documents. A write takes
 * an API key ({@code x-api-key} or {@code authorization: Bearer}) checked against {@code rtda.security.api-keys}
 * as the server's guard does (401 without, 403 wrong) unless {@code rtda.security.require-api-key} is false;
 * reads are open, as on the server. Rate limits are the gateway's (route throttling).
 */
@Named("http")
public class HttpApiHandler implements RequestHandler<HttpApiEvent, HttpApiResponse> {
    private static final Pattern METRICS = Pattern.compile(".*/streams/(.+)/metrics");
    private static final Pattern WINDOW = Pattern.compile("(?:^|&)window=([^&]*)");

    @Inject
    IngestService ingest;

    @Inject
    MetricsQuery metrics;

    @Inject
    ObjectMapper mapper;

    @Inject
    RtdaConfig config;

    /** The accepted key digests, read from the configuration on first use. */
    private volatile ApiKeys keys;

    @Override
    public HttpApiResponse handleRequest(HttpApiEvent event, Context context) {
        String path = event.rawPath() == null ? "/" : event.rawPath();
        String method = event.method();
        if ("POST".equals(method) && path.endsWith("/readings")) {
            return readings(event);
        }
        Matcher m = METRICS.matcher(path);
        if ("GET".equals(method) && m.matches()) {
            // rawPath keeps percent-encoding: a client may send the '/' of an id as %2F
            return metrics(URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8),
                    event.rawQueryString());
        }
        return problem(404, "http-404", "Not Found", "no such resource: " + method + " " + path + "; use POST "
                + ".../readings or GET .../streams/{id}/metrics");
    }

    private HttpApiResponse readings(HttpApiEvent event) {
        if (config.security().requireApiKey()) {
            String key = ApiKeys.presented(event::header);
            if (key == null) {
                HttpApiResponse refused = problem(401, "unauthorized", "API key required", "this endpoint needs an "
                        + "API key in the X-API-Key header (or Authorization: Bearer <key>)");
                return new HttpApiResponse(401, Map.of("content-type", Problem.MEDIA_TYPE, "www-authenticate",
                        "ApiKey"), refused.body(), false);
            }
            if (!keys().accepts(key)) {
                return problem(403, "forbidden", "API key not accepted", "the presented API key is not one of "
                        + "rtda.security.api-keys");
            }
        }
        byte[] body;
        try {
            String text = event.body() == null ? "" : event.body();
            body = event.isBase64Encoded() ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return problem(400, "unreadable-body", "Unreadable body", "isBase64Encoded is true but the body is "
                    + "not base64: " + e.getMessage());
        }
        if (body.length > config.ingest().maxBodyBytes()) {
            return problem(413, "body-too-large", "Body too large", "the body has " + body.length + " bytes, over "
                    + "rtda.ingest.max-body-bytes (" + config.ingest().maxBodyBytes() + "); split it");
        }
        String type = event.header("content-type");
        boolean ndjson = type != null && type.toLowerCase(Locale.ROOT).startsWith(IngestService.NDJSON);
        try {
            return json(200, ingest.ingest(body, ndjson));
        } catch (MalformedBodyException e) {
            return problem(400, "malformed-body", "Malformed body", e.getMessage());
        } catch (TooManyRecordsException e) {
            return problem(413, "too-many-records", "Too many records", e.getMessage());
        } catch (IngestUnavailableException e) {
            return problem(503, e.slug(), e.title(), e.advice());
        }
    }

    private ApiKeys keys() {
        ApiKeys k = keys;
        if (k == null) {
            k = new ApiKeys(config.security().apiKeys().orElse(List.of()));
            keys = k;
        }
        return k;
    }

    private HttpApiResponse metrics(String id, String query) {
        try {
            Reading.checkStream(id);
        } catch (InvalidReadingException e) {
            return problem(400, "invalid-stream", "Invalid stream id", "stream id " + e.reason());
        }
        Matcher w = WINDOW.matcher(query == null ? "" : query);
        WindowKind kind;
        try {
            kind = WindowKind.parse(w.find() ? w.group(1) : null);
        } catch (IllegalArgumentException e) {
            return problem(400, "invalid-parameter", "Invalid parameter", e.getMessage());
        }
        return metrics.latest(id, kind).map(v -> json(200, v)).orElseGet(() -> problem(404, "unknown-stream",
                "Unknown stream", "no readings have been stored for stream '" + id + "'"));
    }

    private HttpApiResponse problem(int status, String slug, String title, String detail) {
        return respond(status, Problem.MEDIA_TYPE, Problem.of(status, slug, title, detail));
    }

    private HttpApiResponse json(int status, Object body) {
        return respond(status, "application/json", body);
    }

    private HttpApiResponse respond(int status, String type, Object body) {
        try {
            return new HttpApiResponse(status, Map.of("content-type", type), mapper.writeValueAsString(body), false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("RTDA-LMB-500 cannot write the response: " + e.getOriginalMessage(), e);
        }
    }
}
