package io.rtda.functions.alert;

/**
 * The timing of one rule's alerts, all in milliseconds.
 *
 * @param forMillis          the condition must hold this long before the alert fires
 * @param forEvaluations     and for this many consecutive evaluations (at least 1)
 * @param keepFiringForMillis a firing alert stays firing this long after its condition last held
 * @param cooldownMillis     after resolving, the alert does not become pending again for this long
 */
public record AlertPolicy(long forMillis, int forEvaluations, long keepFiringForMillis, long cooldownMillis) {
    public AlertPolicy {
        if (forMillis < 0 || keepFiringForMillis < 0 || cooldownMillis < 0 || forEvaluations < 1) {
            throw new IllegalArgumentException("durations must be >= 0 and forEvaluations >= 1");
        }
    }
}
