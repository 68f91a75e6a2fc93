package io.rtda.functions.rules;

import io.rtda.accelerator.stats.WindowStats;
import io.rtda.functions.alert.AlertState;
import io.rtda.functions.alert.AlertTracker;
import io.rtda.functions.alert.AlertTransition;
import io.rtda.functions.alert.Expectation;
import io.rtda.models.score.AnomalyScore;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the transition records: metrics, expectation, reason and filled-in annotations. */
final class Transitions {
    private Transitions() {
    }

    /** The stable id of the alert of {@code ruleId} on {@code stream}. */
    static String alertId(String ruleId, String stream) {
        return ruleId + "/" + stream;
    }

    static AlertTransition of(Rule rule, StreamState state, AlertTracker tracker, AlertState from, AlertState to,
            long now, double value, String why) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        Expectation expectation = null;
        if (state.snapshot != null) {
            WindowStats s = state.snapshot.stats();
            put(metrics, "last", s.last());
            put(metrics, "mean", s.mean());
            put(metrics, "std", s.std());
            put(metrics, "min", s.min());
            put(metrics, "max", s.max());
            put(metrics, "p95", s.p95());
            put(metrics, "slope", s.slope());
            put(metrics, "z", s.z());
            put(metrics, "rate", state.rate);
            put(metrics, "count", s.count());
            AnomalyScore a = state.snapshot.analysis();
            if (a != null) {
                put(metrics, "score", a.score());
                AnomalyScore.Reading judged = a.readingOr(s.lastTimestamp(), s.last());
                expectation = new Expectation(a.detector(), a.score(), a.expected(), a.expectedLow(),
                        a.expectedHigh(), a.direction().name().toLowerCase(java.util.Locale.ROOT), a.confidence(),
                        a.attributionBySteps(), java.time.Instant.ofEpochMilli(judged.at()).toString(),
                        finite(judged.value()));
            }
        }
        if (rule.kind() == Rule.Kind.ABSENCE) {
            put(metrics, "silence", value);
        }
        String reason = why != null ? why : reason(rule, tracker, from, to, value);
        return new AlertTransition(alertId(rule.id(), state.stream), tracker.sequence(), rule.id(), state.stream,
                from, to, now, rule.severity().wire(), value, reason, metrics, expectation, rule.labels(),
                annotations(rule, state.stream, value));
    }

    /** A forced resolution (rule deleted or changed), built from the alert's previous transition. */
    static AlertTransition forced(AlertTransition last, AlertState from, long sequence, long now, String why) {
        return new AlertTransition(last.alertId(), sequence, last.ruleId(), last.stream(), from, AlertState.RESOLVED,
                now, last.severity(), last.value(), why, last.metrics(), last.expectation(), last.labels(),
                last.annotations());
    }

    private static String reason(Rule rule, AlertTracker tracker, AlertState from, AlertState to, double value) {
        String cond = switch (rule.kind()) {
            case ABSENCE -> "no reading for " + fmt(value) + " s (absentFor " + Durations.format(
                    rule.absentForMillis()) + ")";
            case SEQUENCE -> "'" + rule.when() + "' then '" + rule.then() + "' within "
                    + Durations.format(rule.withinMillis());
            default -> rule.when() + " (value " + fmt(value) + ")";
        };
        return switch (to) {
            case PENDING -> cond + " holds; fires once it holds for " + Durations.format(rule.policy().forMillis())
                    + " and " + rule.policy().forEvaluations() + " evaluation(s)";
            case FIRING -> cond + (from == AlertState.PENDING ? " held since " + tracker.pendingSince() : " holds");
            case RESOLVED -> from == AlertState.PENDING ? "condition stopped holding before 'for' elapsed (value "
                    + fmt(value) + ")" : resolvedReason(rule, value);
        };
    }

    private static String resolvedReason(Rule rule, double value) {
        if (rule.kind() == Rule.Kind.ABSENCE) {
            return "readings arrive again";
        }
        if (rule.clear() != null) {
            return "clear condition " + rule.clear() + " holds (value " + fmt(value) + ")";
        }
        return "condition no longer holds (value " + fmt(value) + ")";
    }

    private static Map<String, String> annotations(Rule rule, String stream, double value) {
        if (rule.annotations().isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        rule.annotations().forEach((k, v) -> out.put(k, v.replace("{stream}", stream).replace("{rule}", rule.id())
                .replace("{value}", fmt(value))));
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void put(Map<String, Double> metrics, String name, double v) {
        if (Double.isFinite(v)) {
            metrics.put(name, v);
        }
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "undefined";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(
                java.util.Locale.ROOT, "%.4g", v);
    }
}
