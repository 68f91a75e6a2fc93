package io.rtda.functions.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.rtda.accelerator.reading.InvalidReadingException;
import io.rtda.accelerator.reading.Reading;
import io.rtda.functions.distributed.Mode;
import io.rtda.functions.distributed.ModeConfig;
import io.rtda.functions.problem.ProblemException;
import io.rtda.functions.rules.InvalidRuleException;
import io.rtda.functions.rules.Rule;
import io.rtda.functions.rules.RuleParser;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /api/v1/rules}: rules as data, validated on PUT, and why each rule is or is not firing. */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {
    /** Largest rule document accepted (a rule is a few hundred bytes). */
    private static final int MAX_RULE_BYTES = 1 << 20;
    private final AlertingService alerting;
    private final Mode mode;

    @Inject
    public RulesResource(AlertingService alerting, ModeConfig mode) {
        this.alerting = alerting;
        this.mode = Mode.parse(mode.mode());
    }

    /**
     * In the distributed modes rules are evaluated on the workers, each over the streams of its partitions, so
     * every worker needs the same rules: they come from the rules file each worker loads, not from this API (a
     * rule put to the front would never see a reading; one put to a worker would cover its partitions only).
     */
    private void refuseInDistributedMode() {
        if (mode != Mode.ALL_IN_ONE) {
            throw new ProblemException(409, "rules-from-file", "Rules come from the rules file",
                    "this process runs in " + mode.key() + " mode: rules run on the workers, each over its own "
                    + "partitions, so every worker loads the same rtda.rules.file (RTDA_RULES_FILE); change "
                    + "that file (on Kubernetes the rtda-rules ConfigMap) instead");
        }
    }

    /**
     * The rule set.
     *
     * @param rules every rule as accepted, in insertion order
     * @param file      the rules file changes are saved to, or null when rules live in memory only
     * @param fileError why the latest hand edit of the file was refused (the previous rules stay), or null
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record RuleList(List<Map<String, Object>> rules, String file, String fileError) {
    }

    /**
     * Status of a rule over streams.
     *
     * @param rule    the rule id
     * @param streams one entry per stream asked for, or per stream the rule has evaluated
     */
    public record StatusList(String rule, List<RuleStatusView> streams) {
    }

    @GET
    @Operation(summary = "List the rules")
    public RuleList list() {
        return new RuleList(alerting.rules().values().stream().map(Rule::definition).toList(),
                alerting.storeFile().map(Object::toString).orElse(null), alerting.fileError());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One rule as accepted")
    public Map<String, Object> get(@PathParam("id") String id) {
        return find(id).definition();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create or replace a rule (JSON or YAML); alert state of a replaced rule is kept")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "200", description = "replaced")
    @APIResponse(responseCode = "400", description = "the body is empty or not a JSON/YAML object")
    @APIResponse(responseCode = "409", description = "front or worker mode: rules come from the rules file")
    @APIResponse(responseCode = "413", description = "the body is over 1 MiB")
    @APIResponse(responseCode = "415", description = "not application/json or application/yaml")
    @APIResponse(responseCode = "422", description = "the rule is invalid; every problem is listed")
    public Response put(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength, InputStream in) {
        refuseInDistributedMode();
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        boolean yaml = type.contains("yaml");
        if (!yaml && !type.startsWith(MediaType.APPLICATION_JSON)) {
            throw new ProblemException(415, "unsupported-media-type", "Unsupported Media Type",
                    "send the rule as application/json or application/yaml, was '" + contentType + "'");
        }
        // Funqy's body handler has consumed an empty body already: reading the stream would wait forever
        byte[] body = contentLength != null && contentLength == 0 ? new byte[0] : read(in);
        if (body.length == 0) {
            throw new ProblemException(400, "malformed-rule", "Malformed rule document", "the body is empty: send "
                    + "the rule as a JSON or YAML object");
        }
        Map<String, Object> doc;
        try {
            doc = RuleStore.readDocument(body, yaml);
        } catch (JsonProcessingException e) {
            throw new ProblemException(400, "malformed-rule", "Malformed rule document", "the body is not a valid "
                    + (yaml ? "YAML" : "JSON") + " object: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProblemException(400, "malformed-rule", "Malformed rule document", e.getMessage());
        }
        Rule rule;
        try {
            rule = RuleParser.parse(id, doc);
        } catch (InvalidRuleException e) {
            throw new ProblemException(422, "invalid-rule", "Invalid rule", e.problems().size() + " problem(s) in "
                    + "rule '" + id + "': " + e.problems().stream().map(p -> p.field() + ": " + p.message())
                    .collect(Collectors.joining("; ")));
        }
        boolean created = alerting.put(rule);
        return Response.status(created ? 201 : 200).entity(rule.definition()).build();
    }

    private static byte[] read(InputStream in) {
        try (in) {
            byte[] body = in.readNBytes(MAX_RULE_BYTES + 1);
            if (body.length > MAX_RULE_BYTES) {
                throw new ProblemException(413, "body-too-large", "Body too large", "a rule document is at most "
                        + MAX_RULE_BYTES + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new ProblemException(400, "unreadable-body", "Unreadable body", "the request body could not be "
                    + "read: " + e.getMessage());
        }
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a rule, resolving its alerts")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "no such rule")
    @APIResponse(responseCode = "409", description = "front or worker mode: rules come from the rules file")
    public Response delete(@PathParam("id") String id) {
        refuseInDistributedMode();
        if (alerting.delete(id).isEmpty()) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/status")
    @Operation(summary = "Why a rule is or is not firing, per stream: value, state, pending time left, suppression")
    public StatusList status(@PathParam("id") String id, @QueryParam("stream") String stream) {
        Rule rule = find(id);
        if (stream != null) {
            try {
                Reading.checkStream(stream);
            } catch (InvalidReadingException e) {
                throw new ProblemException(400, "invalid-stream", "Invalid stream id", "stream " + e.getMessage());
            }
        }
        return new StatusList(id, alerting.status(rule, stream).stream().map(RuleStatusView::of).toList());
    }

    private Rule find(String id) {
        return alerting.rule(id).orElseThrow(() -> notFound(id));
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, "rule-not-found", "No such rule", "no rule '" + id
                + "'; GET /api/v1/rules lists them");
    }
}
