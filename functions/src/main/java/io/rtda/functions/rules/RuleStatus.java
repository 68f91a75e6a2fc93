package io.rtda.functions.rules;

/**
 * Why a rule is or is not firing on one stream.
 *
 * @param ruleId            the rule
 * @param stream            the stream
 * @param selected          whether the rule's selector picks the stream
 * @param state             pending, firing, resolved, or inactive (never pending)
 * @param lastEvaluatedAt   epoch ms of the latest evaluation, -1 if none
 * @param value             the condition metric's latest value (NaN if undefined)
 * @param conditionHolds    whether the firing condition held at the latest evaluation
 * @param clearHolds        whether the clear condition held then
 * @param pendingSince      when the alert became pending, -1 if it is not
 * @param pendingLeftMillis time left before a pending alert fires
 * @param evaluationsLeft   consecutive evaluations still needed before it fires
 * @param firingSince       when it fired, -1 if it is not firing
 * @param suppression       what held back a change (cooldown, hysteresis, keep-firing-for), or null
 * @param explanation       all of it in one sentence
 */
public record RuleStatus(String ruleId, String stream, boolean selected, String state, long lastEvaluatedAt,
        double value, boolean conditionHolds, boolean clearHolds, long pendingSince, long pendingLeftMillis,
        int evaluationsLeft, long firingSince, String suppression, String explanation) {
}
