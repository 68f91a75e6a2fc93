package io.rtda.functions.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document.
 *
 * @param type   a URN naming the kind of problem, stable for clients to branch on
 * @param title  short summary of the kind
 * @param status HTTP status
 * @param detail what exactly was wrong in this request and how to fix it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("urn:rtda:problem:" + slug, title, status, detail);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** Answers a Vert.x route with this problem (for routes RESTEasy does not serve: Funqy's, the write guard). */
    public void end(HttpServerResponse response, ObjectMapper json) {
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE);
        try {
            response.end(json.writeValueAsString(this));
        } catch (JsonProcessingException e) {
            response.end();
        }
    }
}
