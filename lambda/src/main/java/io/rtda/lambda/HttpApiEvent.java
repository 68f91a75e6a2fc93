package io.rtda.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * An API Gateway HTTP API request, payload format 2.0 (also what Lambda function URLs send), as AWS
 * documents it; fields RTDA does not read are ignored.
 *
 * @param version         {@code 2.0}
 * @param rawPath         the request path
 * @param rawQueryString  the query string without {@code ?}
 * @param headers         lower-cased header names; repeated headers joined with commas
 * @param requestContext  holds the method
 * @param body            the body, base64 when {@code isBase64Encoded}
 * @param isBase64Encoded whether {@code body} is base64
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HttpApiEvent(String version, String rawPath, String rawQueryString, Map<String, String> headers,
        RequestContext requestContext, String body, boolean isBase64Encoded) {
    /** @param http method, path and source of the request */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RequestContext(Http http, String requestId) {
    }

    /** @param method the HTTP method */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Http(String method, String path) {
    }

    /** The method, upper case; GET when absent. */
    public String method() {
        return requestContext == null || requestContext.http() == null || requestContext.http().method() == null
                ? "GET" : requestContext.http().method().toUpperCase(java.util.Locale.ROOT);
    }

    /** A header by lower-case name, or null. */
    public String header(String name) {
        return headers == null ? null : headers.get(name);
    }
}
