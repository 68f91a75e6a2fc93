package io.rtda.functions.rules;

import io.rtda.functions.alert.AlertState;
import io.rtda.functions.alert.AlertTracker;
import java.time.Instant;

/** Builds {@link RuleStatus} answers: the state of one alert and why, in words. */
final class Explanations {
    private Explanations() {
    }

    static RuleStatus unknown(Rule rule, String stream) {
        return new RuleStatus(rule.id(), stream, false, "inactive", -1, Double.NaN, false, false, -1, 0, 0, -1, null,
                "no reading of stream '" + stream + "' has been seen and it is not in the rule's expected list");
    }

    static RuleStatus of(Rule rule, String stream, boolean selected, AlertTracker t, long now) {
        if (!selected) {
            return new RuleStatus(rule.id(), stream, false, t == null || t.state() == null ? "inactive"
                    : t.state().wire(), -1, Double.NaN, false, false, -1, 0, 0, -1, null,
                    "the rule does not select this stream (streams '" + rule.selector().glob() + "', tags "
                    + rule.selector().tags() + ")");
        }
        if (t == null || t.lastEvaluatedAt() < 0) {
            return new RuleStatus(rule.id(), stream, true, "inactive", -1, Double.NaN, false, false, -1, 0, 0, -1,
                    null, "selected but not evaluated yet: it is evaluated on the stream's next reading");
        }
        AlertState s = t.state();
        String cond = rule.kind() == Rule.Kind.SEQUENCE ? "'" + rule.when() + "' then '" + rule.then() + "'"
                : rule.when().toString();
        String value = Transitions.fmt(t.lastValue());
        String text;
        if (s == AlertState.PENDING) {
            text = "pending: " + cond + " holds (value " + value + "); fires in " + t.pendingLeftMillis(
                    rule.policy(), now) + " ms and " + t.evaluationsLeft(rule.policy()) + " more evaluation(s)";
        } else if (s == AlertState.FIRING) {
            text = "firing since " + Instant.ofEpochMilli(t.firingSince()) + ": " + cond
                    + (t.lastWhen() ? " holds" : " no longer holds") + " (value " + value + ")";
        } else {
            text = (t.lastWhen() ? cond + " holds" : "not firing: " + cond + " does not hold") + " (value " + value
                    + ")";
        }
        if (t.suppression() != null) {
            text += "; held back by " + t.suppression();
        }
        return new RuleStatus(rule.id(), stream, true, s == null ? "inactive" : s.wire(), t.lastEvaluatedAt(),
                t.lastValue(), t.lastWhen(), t.lastClear(), t.pendingSince(), t.pendingLeftMillis(rule.policy(), now),
                t.evaluationsLeft(rule.policy()), t.firingSince(), t.suppression(), text);
    }
}
