package io.rtda.functions.rules;

import io.rtda.accelerator.reading.InvalidReadingException;
import io.rtda.accelerator.reading.Reading;
import io.rtda.functions.alert.AlertPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a rule document (a map as read from JSON or YAML) into a {@link Rule}, or refuses it with every
 * problem named by field and fix. Stateless and thread-safe.
 */
public final class RuleParser {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> FIELDS = Set.of("id", "description", "streams", "tags", "when", "clear", "for",
            "forEvaluations", "keepFiringFor", "cooldown", "severity", "labels", "annotations", "absentFor",
            "expected", "sequence", "minConfidence");
    private static final Set<String> SEQUENCE_FIELDS = Set.of("first", "then", "within");

    private RuleParser() {
    }

    /**
     * Parses and validates a rule document.
     *
     * @param pathId the id from the URL ({@code PUT /api/v1/rules/{id}}), or null when the document must name it
     * @param doc    the document
     * @throws InvalidRuleException naming every field at fault
     */
    public static Rule parse(String pathId, Map<String, Object> doc) {
        if (doc == null) {
            throw new InvalidRuleException(String.valueOf(pathId), List.of(new InvalidRuleException.Problem(
                    "(body)", "a rule must be a JSON or YAML object")));
        }
        Fields f = new Fields();
        String id = f.get("id", () -> id(pathId, doc.get("id")));
        for (String key : doc.keySet()) {
            if (!FIELDS.contains(key)) {
                f.add(key, "is not a rule field; known fields: " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
            }
        }
        String description = f.get("description", () -> string("description", doc.get("description"), ""));
        String glob = f.get("streams", () -> glob(doc.get("streams")));
        Map<String, String> tags = f.get("tags", () -> stringMap("tags", doc.get("tags")));
        Map<String, String> labels = f.get("labels", () -> stringMap("labels", doc.get("labels")));
        Map<String, String> annotations = f.get("annotations", () -> stringMap("annotations",
                doc.get("annotations")));
        Severity severity = f.get("severity", () -> Severity.parse("severity",
                string("severity", doc.get("severity"), "warning")));
        Long forMillis = f.get("for", () -> optionalMillis("for", doc.get("for")));
        Integer forEvaluations = f.get("forEvaluations", () -> evaluations(doc.get("forEvaluations")));
        Long keep = f.get("keepFiringFor", () -> optionalMillis("keepFiringFor", doc.get("keepFiringFor")));
        Long cooldown = f.get("cooldown", () -> optionalMillis("cooldown", doc.get("cooldown")));
        Double minConfidence = f.get("minConfidence", () -> confidence(doc.get("minConfidence")));
        Rule.Kind kind = f.get("when", () -> kind(doc));
        Condition clear = doc.get("clear") == null ? null
                : f.get("clear", () -> Condition.parse("clear", text("clear", doc.get("clear"))));
        Shape shape = kind == null ? null : shape(f, kind, doc, clear);
        if (!f.problems.isEmpty()) {
            throw new InvalidRuleException(id == null ? String.valueOf(pathId) : id, f.problems);
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("id", id);
        doc.forEach((k, v) -> {
            if (!"id".equals(k)) {
                definition.put(k, v);
            }
        });
        AlertPolicy policy = new AlertPolicy(forMillis, forEvaluations == null ? 1 : forEvaluations, keep, cooldown);
        return new Rule(id, description, kind, new StreamSelector(glob, tags), shape.when, clear, policy, severity,
                labels, annotations, shape.absentFor, shape.expected, shape.then, shape.within, minConfidence,
                definition);
    }

    /** The kind-specific part of a rule. */
    private record Shape(Condition when, Condition then, long absentFor, List<String> expected, long within) {
    }

    private static Shape shape(Fields f, Rule.Kind kind, Map<String, Object> doc, Condition clear) {
        switch (kind) {
            case THRESHOLD -> {
                Condition when = f.get("when", () -> Condition.parse("when", text("when", doc.get("when"))));
                if (when != null && clear != null && when.metric() != clear.metric()) {
                    f.add("clear", "tests " + clear.metric().wire() + " but when tests " + when.metric().wire()
                            + "; hysteresis needs the same metric");
                }
                return new Shape(when, null, 0, List.of(), 0);
            }
            case ABSENCE -> {
                Long absentFor = f.get("absentFor", () -> positiveMillis("absentFor", doc.get("absentFor")));
                List<String> expected = f.get("expected", () -> expected(doc.get("expected")));
                if (clear != null) {
                    f.add("clear", "absence rules resolve when a reading arrives; remove clear");
                }
                long millis = absentFor == null ? 1 : absentFor;
                return new Shape(Condition.silence(millis / 1000.0), null, millis, expected, 0);
            }
            default -> {
                if (clear != null) {
                    f.add("clear", "sequence rules resolve when the sequence no longer matches; "
                            + "use keepFiringFor instead");
                }
                Map<String, Object> seq = f.get("sequence", () -> map("sequence", doc.get("sequence")));
                if (seq == null) {
                    return null;
                }
                for (String key : seq.keySet()) {
                    if (!SEQUENCE_FIELDS.contains(key)) {
                        f.add("sequence." + key, "is not a sequence field; use first, then, within");
                    }
                }
                Condition first = f.get("sequence.first", () -> Condition.parse("sequence.first",
                        text("sequence.first", seq.get("first"))));
                Condition then = f.get("sequence.then", () -> Condition.parse("sequence.then",
                        text("sequence.then", seq.get("then"))));
                Long within = f.get("sequence.within", () -> positiveMillis("sequence.within", seq.get("within")));
                return new Shape(first, then, 0, List.of(), within == null ? 1 : within);
            }
        }
    }

    private static String id(String pathId, Object docId) {
        if (docId != null && !(docId instanceof String)) {
            throw new RuleViolation("id", "must be a string, was " + Durations.describe(docId));
        }
        String id = pathId != null ? pathId : (String) docId;
        if (pathId != null && docId != null && !pathId.equals(docId)) {
            throw new RuleViolation("id", "is '" + docId + "' but the URL names '" + pathId
                    + "'; make them equal or leave id out of the body");
        }
        if (id == null || !ID.matcher(id).matches()) {
            throw new RuleViolation("id", "must be 1-64 characters of letters, digits and . _ -, was "
                    + Durations.describe(id));
        }
        return id;
    }

    private static Rule.Kind kind(Map<String, Object> doc) {
        int n = (doc.get("when") != null ? 1 : 0) + (doc.get("absentFor") != null ? 1 : 0)
                + (doc.get("sequence") != null ? 1 : 0);
        if (n != 1) {
            throw new RuleViolation("when", (n == 0 ? "is missing" : "cannot be combined")
                    + ": a rule has exactly one of when (a condition), absentFor (no data) or sequence (A then B)");
        }
        if (doc.get("when") != null) {
            return Rule.Kind.THRESHOLD;
        }
        return doc.get("absentFor") != null ? Rule.Kind.ABSENCE : Rule.Kind.SEQUENCE;
    }

    private static String glob(Object value) {
        String glob = string("streams", value, "*");
        if (glob.isEmpty() || glob.length() > Reading.MAX_STREAM_LENGTH
                || !glob.matches("[A-Za-z0-9._:/*?-]+")) {
            throw new RuleViolation("streams", "must be a glob of stream-id characters and * or ?, such as "
                    + "\"sim.sensor-*\", was " + Durations.describe(value));
        }
        return glob;
    }

    private static List<String> expected(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new RuleViolation("expected", "must be a list of stream ids, was " + Durations.describe(value));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object s = list.get(i);
            try {
                Reading.checkStream(s instanceof String str ? str : null);
            } catch (InvalidReadingException e) {
                throw new RuleViolation("expected[" + i + "]", "is not a stream id: " + e.getMessage());
            }
            out.add((String) s);
        }
        return out;
    }

    private static double confidence(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
            return n.doubleValue();
        }
        throw new RuleViolation("minConfidence", "must be a number from 0 to 1 (the anomaly model's confidence, "
                + "which grows during its warm-up), was " + Durations.describe(value));
    }

    private static Integer evaluations(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.intValue() >= 1
                && n.intValue() <= 1_000_000) {
            return n.intValue();
        }
        throw new RuleViolation("forEvaluations", "must be a whole number of consecutive evaluations from 1 to "
                + "1000000, was " + Durations.describe(value));
    }

    private static long optionalMillis(String field, Object value) {
        return value == null ? 0 : Durations.parseMillis(field, value);
    }

    private static long positiveMillis(String field, Object value) {
        long millis = Durations.parseMillis(field, value);
        if (millis <= 0) {
            throw new RuleViolation(field, "must be longer than 0, such as \"30s\"");
        }
        return millis;
    }

    private static String text(String field, Object value) {
        if (value != null && !(value instanceof String)) {
            throw new RuleViolation(field, "must be a condition string such as \"p95 > 80\", was "
                    + Durations.describe(value));
        }
        return (String) value;
    }

    private static String string(String field, Object value, String dflt) {
        if (value == null) {
            return dflt;
        }
        if (!(value instanceof String s)) {
            throw new RuleViolation(field, "must be a string, was " + Durations.describe(value));
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String field, Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new RuleViolation(field, "must be an object {\"first\": ..., \"then\": ..., \"within\": ...}, was "
                    + Durations.describe(value));
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, String> stringMap(String field, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new RuleViolation(field, "must be an object of string values, was " + Durations.describe(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new RuleViolation(field + "." + e.getKey(), "must be a string, was "
                        + Durations.describe(e.getValue()));
            }
            out.put(String.valueOf(e.getKey()), s);
        }
        return out;
    }

    /** Runs field parsers, collecting violations instead of stopping at the first. */
    private static final class Fields {
        private final List<InvalidRuleException.Problem> problems = new ArrayList<>();

        void add(String field, String message) {
            problems.add(new InvalidRuleException.Problem(field, message));
        }

        <T> T get(String field, java.util.function.Supplier<T> parse) {
            try {
                return parse.get();
            } catch (RuleViolation v) {
                problems.add(new InvalidRuleException.Problem(v.field(), v.getMessage()));
                return null;
            }
        }
    }
}
