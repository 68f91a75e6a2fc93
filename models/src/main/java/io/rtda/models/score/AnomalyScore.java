package io.rtda.models.score;

import java.util.List;

/**
 * A detector's verdict on a stream's newest value.
 *
 * @param detector      which detector produced it
 * @param score         in [0, 1]; higher is more anomalous
 * @param expected      the value the detector expected
 * @param expectedLow   lower end of the normal range
 * @param expectedHigh  upper end of the normal range
 * @param direction     where the value lies relative to {@code expected}
 * @param confidence    in [0, 1]; low while the detector is warming up
 * @param attribution   which time steps drove the score, largest share first; empty when the detector
 *                      looks at the scored value alone
 */
public record AnomalyScore(String detector, double score, double expected, double expectedLow, double expectedHigh,
        Direction direction, double confidence, List<Contribution> attribution) {

    /** Attribution to the scored value alone (lag 0, the whole score). */
    public static final List<Contribution> NEWEST_ONLY = List.of(new Contribution(0, 1.0));

    /** A score without attribution. */
    public AnomalyScore(String detector, double score, double expected, double expectedLow, double expectedHigh,
            Direction direction, double confidence) {
        this(detector, score, expected, expectedLow, expectedHigh, direction, confidence, List.of());
    }

    public AnomalyScore {
        attribution = List.copyOf(attribution);
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], was " + score);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
        }
    }

    /**
     * The attribution as {@code "t-<lag>" -> share} ({@code t-0} is the scored value), largest share first;
     * null when the detector gave none (the wire form the API and alerts carry).
     */
    public java.util.Map<String, Double> attributionBySteps() {
        if (attribution.isEmpty()) {
            return null;
        }
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        attribution.stream().sorted((a, b) -> Double.compare(b.share(), a.share()))
                .forEach(c -> out.put("t-" + c.lag(), c.share()));
        return out;
    }
}
