package io.rtda.lambda;

import java.util.Map;

/**
 * An API Gateway HTTP API response, payload format 2.0.
 *
 * @param statusCode      HTTP status
 * @param headers         response headers
 * @param body            the body (JSON text)
 * @param isBase64Encoded always false here
 */
public record HttpApiResponse(int statusCode, Map<String, String> headers, String body, boolean isBase64Encoded) {
}
