package io.rtda.functions.serverless;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rtda.functions.distributed.DistributedRuntime;
import io.rtda.functions.problem.Problem;
import io.rtda.functions.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * The dead-letter sink of the Knative Broker ({@code infra/k8s/knative-broker.yaml}): an event the mesh gave up
 * delivering to the front functions is kept, whole, in the durable queue {@code <prefix>dead-letters}, and answered
 * 202 only once the broker confirmed it. Binary (ce-* headers) and structured ({@code application/cloudevents+json})
 * events are kept as they came, with every context attribute as a {@code ce-<name>} message header either way,
 * Knative's {@code knativeerrorcode}, {@code knativeerrordest} and {@code knativeerrordata} included (at most 64
 * attributes of 1,024 characters each as headers; the body is kept whole). A queue deleted since start is declared
 * again.
 */
@Path(DeadLetterResource.PATH)
public class DeadLetterResource {
    /** Where the Broker's {@code delivery.deadLetterSink} points. */
    public static final String PATH = "/api/v1/dead-letters";
    private static final Logger LOG = Logger.getLogger(DeadLetterResource.class);
    private static final String STRUCTURED = "application/cloudevents+json";
    private static final List<String> REQUIRED = List.of("id", "source", "type", "specversion");
    /** Header limits: RabbitMQ refuses content headers over its frame size (128 KiB by default). */
    private static final int MAX_ATTRIBUTES = 64;
    private static final int MAX_HEADER_CHARS = 1024;

    private final DistributedRuntime runtime;
    private final ObjectMapper json;
    private final Counter kept;

    @Inject
    public DeadLetterResource(DistributedRuntime runtime, ObjectMapper json, MeterRegistry registry) {
        this.runtime = runtime;
        this.json = json;
        this.kept = Counter.builder("rtda.events.dead.letters").description("Events an event mesh gave up "
                + "delivering, kept in the dead-letter queue").register(registry);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Keep a dead-lettered CloudEvent", description = "The Knative Broker's dead-letter sink "
            + "(front mode): the event is kept whole in the durable queue <prefix>dead-letters, answered 202 once "
            + "the broker confirmed it.")
    public Response keep(@Context HttpHeaders headers, byte[] body) {
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        Map<String, Object> attributes = isStructured(contentType) ? structured(body) : binary(headers);
        for (String name : REQUIRED) {
            Object value = attributes.get("ce-" + name);
            if (value == null || value.toString().isBlank()) {
                throw new ProblemException(400, "invalid-cloudevent", "Invalid CloudEvent", "the event has no '"
                        + name + "' attribute (" + (isStructured(contentType) ? "a string field of the JSON body"
                        : "a ce-" + name + " header") + "); the dead-letter sink keeps CloudEvents only");
            }
        }
        attributes.put("x-rtda-dead-lettered-at", Instant.now().toString());
        try {
            runtime.keepDeadLetter(attributes, contentType == null ? "application/octet-stream" : contentType,
                    body == null ? new byte[0] : body);
        } catch (IllegalStateException e) {
            throw new ProblemException(404, "no-dead-letter-sink", "No dead-letter sink here", e.getMessage());
        } catch (IOException e) {
            LOG.warnf("RTDA-EVT-003 could not keep dead-lettered event %s (answered 503, so the mesh sends it "
                    + "again): %s", attributes.get("ce-id"), e.getMessage());
            throw new ProblemException(Problem.of(503, "broker-unavailable", "Broker unavailable", "the event "
                    + "could not be kept: the broker did not confirm it; deliver it again"), "1");
        }
        kept.increment();
        LOG.warnf("RTDA-EVT-003 kept dead-lettered event id=%s type=%s source=%s: delivery to %s failed with %s%s",
                attributes.get("ce-id"), attributes.get("ce-type"), attributes.get("ce-source"),
                attributes.getOrDefault("ce-knativeerrordest", "?"),
                attributes.getOrDefault("ce-knativeerrorcode", "?"), errorData(attributes));
        return Response.accepted(Map.of("kept", true, "id", attributes.get("ce-id"))).build();
    }

    private static boolean isStructured(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED);
    }

    /** A binary-mode event's context attributes: its ce-* headers, names in lower case. */
    private static Map<String, Object> binary(HttpHeaders headers) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("ce-") && !values.isEmpty() && attributes.size() < MAX_ATTRIBUTES) {
                attributes.put(lower, shortened(values.get(0)));
            }
        });
        return attributes;
    }

    /** A structured-mode event's context attributes: every top-level field but the data, as ce-<name>. */
    private Map<String, Object> structured(byte[] body) {
        JsonNode event;
        try {
            event = json.readTree(body == null ? new byte[0] : body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(400, "invalid-cloudevent", "Invalid CloudEvent", "the body is not JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProblemException(400, "invalid-cloudevent", "Invalid CloudEvent", "the body could not be read: "
                    + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            throw new ProblemException(400, "invalid-cloudevent", "Invalid CloudEvent", "a structured-mode event "
                    + "(" + STRUCTURED + ") is a JSON object");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!field.getKey().equals("data") && !field.getKey().equals("data_base64") && !value.isNull()
                    && attributes.size() < MAX_ATTRIBUTES) {
                attributes.put("ce-" + field.getKey().toLowerCase(Locale.ROOT),
                        shortened(value.isValueNode() ? value.asText() : value.toString()));
            }
        }
        return attributes;
    }

    /**
     * An attribute as a message header: at most {@value #MAX_HEADER_CHARS} characters (the whole event stays in
     * the body in structured mode; headers must fit the broker's frame).
     */
    private static String shortened(String value) {
        return value.length() <= MAX_HEADER_CHARS ? value : value.substring(0, MAX_HEADER_CHARS) + "...";
    }

    /** Knative's {@code knativeerrordata} (base64 of the failed response's body), decoded and shortened. */
    private static String errorData(Map<String, Object> attributes) {
        Object data = attributes.get("ce-knativeerrordata");
        if (data == null) {
            return "";
        }
        String text;
        try {
            text = new String(Base64.getDecoder().decode(data.toString()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text = data.toString();
        }
        return " (" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + ")";
    }
}
