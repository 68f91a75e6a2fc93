package io.rtda.functions.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every exception that reaches the HTTP layer to a problem document. */
public final class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = e.problem().toResponse();
        if (e.retryAfterSeconds() != null) {
            return Response.fromResponse(response).header("Retry-After", e.retryAfterSeconds()).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "HTTP " + status : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource; see /q/openapi for the API";
            case 405 -> "method not allowed on this resource; see /q/openapi";
            case 415 -> "unsupported Content-Type; send application/json or application/x-ndjson";
            case 406 -> "cannot produce the requested media type; accept application/json";
            default -> e.getMessage();
        };
        return Problem.of(status, "http-" + status, title, detail).toResponse();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return Problem.of(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON" + where
                + ": " + e.getOriginalMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        String id = Long.toHexString(System.nanoTime());
        LOG.errorf(e, "RTDA-HTTP-500 unexpected error %s", id);
        return Problem.of(500, "internal", "Internal error", "unexpected server error, logged as " + id
                + "; please report it").toResponse();
    }
}
