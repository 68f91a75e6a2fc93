package io.rtda.functions.serverless;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rtda.functions.distributed.BrokerUnavailableException;
import io.rtda.functions.distributed.DistributedRuntime;
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
 * Knative's {@code knativeerrorcode}, {@code knativeerrordest} and {@code knativeerrordata} included.
 */
@Path(DeadLetterResource.PATH)
public class DeadLetterResource {
    /** Where the Broker's {@code delivery.deadLetterSink} points. */
    public static final String PATH = "/api/v1/dead-letters";
    private static final Logger LOG = Logger.getLogger(DeadLetterResource.class);
    private static final String STRUCTURED = "application/cloudevents+json";
    private static final List<String> REQUIRED = List.of("id", "source", "type", "specversion");

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
            if (!attributes.containsKey("ce-" + name)) {
                throw new ProblemException(400, "invalid-cloudevent", "Invalid CloudEvent", "the event has no '"
                        + name + "' attribute (" + (isStructured(contentType) ? "a field of the JSON body" : "a ce-"
                        + name + " header") + "); the dead-letter sink keeps CloudEvents only");
            }
        }
        attributes.put("x-rtda-dead-lettered-at", Instant.now().toString());
        try {
            runtime.keepDeadLetter(attributes, contentType == null ? "application/octet-stream" : contentType,
                    body == null ? new byte[0] : body);
        } catch (IllegalStateException e) {
            throw new ProblemException(404, "no-dead-letter-sink", "No dead-letter sink here", e.getMessage());
        } catch (IOException e) {
            throw new BrokerUnavailableException("RTDA-EVT-003 could not keep dead-lettered event "
                    + attributes.get("ce-id") + ": " + e.getMessage(), e);
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
            if (lower.startsWith("ce-") && !values.isEmpty()) {
                attributes.put(lower, values.get(0));
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
            if (!field.getKey().equals("data") && !field.getKey().equals("data_base64")) {
                JsonNode value = field.getValue();
                attributes.put("ce-" + field.getKey().toLowerCase(Locale.ROOT),
                        value.isValueNode() ? value.asText() : value.toString());
            }
        }
        return attributes;
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
