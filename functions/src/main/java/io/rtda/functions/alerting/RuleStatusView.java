package io.rtda.functions.alerting;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rtda.functions.rules.RuleStatus;
import java.time.Instant;

/** Wire form of {@link RuleStatus}: times as ISO-8601, undefined values absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleStatusView(String rule, String stream, boolean selected, String state, String lastEvaluatedAt,
        Double value, boolean conditionHolds, boolean clearHolds, String pendingSince, Long pendingLeftMs,
        Integer evaluationsLeft, String firingSince, String suppression, String explanation) {

    static RuleStatusView of(RuleStatus s) {
        boolean pending = "pending".equals(s.state());
        return new RuleStatusView(s.ruleId(), s.stream(), s.selected(), s.state(), time(s.lastEvaluatedAt()),
                Double.isFinite(s.value()) ? s.value() : null, s.conditionHolds(), s.clearHolds(),
                time(s.pendingSince()), pending ? s.pendingLeftMillis() : null, pending ? s.evaluationsLeft() : null,
                time(s.firingSince()), s.suppression(), s.explanation());
    }

    private static String time(long ms) {
        return ms < 0 ? null : Instant.ofEpochMilli(ms).toString();
    }
}
