package io.rtda.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * The default handler ({@code QUARKUS_LAMBDA_HANDLER=events}): one function that can be wired to SQS, Kinesis
 * and an HTTP API at once. Routes by the event's shape: {@code Records[0].eventSource} {@code aws:sqs} or
 * {@code aws:kinesis}, or {@code version} 2.0 with a {@code requestContext} (HTTP API / function URL). Any
 * other shape fails the invocation with a message naming what was expected.
 */
@Named("events")
public class EventsHandler implements RequestHandler<JsonNode, Object> {
    @Inject
    SqsHandler sqs;

    @Inject
    KinesisHandler kinesis;

    @Inject
    HttpApiHandler http;

    @Inject
    ObjectMapper mapper;

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        try {
            JsonNode records = event == null ? null : event.get("Records");
            if (records != null && records.isArray()) {
                String source = records.isEmpty() ? "" : records.get(0).path("eventSource").asText();
                return switch (source) {
                    case "aws:sqs" -> sqs.handleRequest(mapper.treeToValue(event, SqsEvent.class), context);
                    case "aws:kinesis" -> kinesis.handleRequest(mapper.treeToValue(event, KinesisEvent.class),
                            context);
                    case "" -> new BatchResponse(List.of());
                    default -> throw unsupported("Records[0].eventSource '" + source + "'");
                };
            }
            if (event != null && event.has("requestContext") && "2.0".equals(event.path("version").asText())) {
                return http.handleRequest(mapper.treeToValue(event, HttpApiEvent.class), context);
            }
            throw unsupported(event == null ? "an empty event" : "an event with fields " + fieldNames(event));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("RTDA-LMB-003 the event does not have the documented shape: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static IllegalArgumentException unsupported(String what) {
        return new IllegalArgumentException("RTDA-LMB-004 the events handler takes SQS, Kinesis or API Gateway "
                + "HTTP API v2 events, got " + what + "; wire other sources to a dedicated handler");
    }

    private static String fieldNames(JsonNode event) {
        StringBuilder names = new StringBuilder();
        event.fieldNames().forEachRemaining(n -> names.append(names.isEmpty() ? "" : ", ").append(n));
        return "[" + names + "]";
    }
}
