package io.rtda.models.score;

import java.util.List;

/**
 * A detector's verdict on one reading of a stream: the newest one, or the most anomalous of those a batch
 * brought (see {@link #reading}).
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
 * @param reading       the reading judged, where the caller says (the engine's path always does); null: the
 *                      stream's newest
 */
public record AnomalyScore(String detector, double score, double expected, double expectedLow, double expectedHigh,
        Direction direction, double confidence, List<Contribution> attribution, Reading reading) {

    /** Attribution to the scored value alone (lag 0, the whole score). */
    public static final List<Contribution> NEWEST_ONLY = List.of(new Contribution(0, 1.0));

    /**
     * One reading of a stream.
     *
     * @param at    event time, epoch ms
     * @param value the value
     */
    public record Reading(long at, double value) {
    }

    /** A verdict on the stream's newest reading. */
    public AnomalyScore(String detector, double score, double expected, double expectedLow, double expectedHigh,
            Direction direction, double confidence, List<Contribution> attribution) {
        this(detector, score, expected, expectedLow, expectedHigh, direction, confidence, attribution, null);
    }

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
     * Whether this verdict on {@code value} is more anomalous than {@code other} on {@code otherValue} (true when
     * other is null): a higher score, or the same score and a value further out, in half-widths of its normal
     * range. Without the second rule a spike would lose to any other reading whose score also saturates at 1.
     */
    public boolean outranks(double value, AnomalyScore other, double otherValue) {
        return other == null || score > other.score || score == other.score && excess(value) > other.excess(
                otherValue);
    }

    /**
     * How far {@code value} lies from the expected value, in half-widths of the normal range: infinite when that
     * overflows (it is further than any finite excess), 0 when unknown.
     */
    public double excess(double value) {
        double halfWidth = (expectedHigh - expectedLow) / 2;
        double excess = Math.abs(value - expected) / (halfWidth > 0 ? halfWidth : 1);
        return Double.isNaN(excess) ? 0 : excess;
    }

    /** The reading judged: the one this verdict names, else the stream's newest, given by the caller. */
    public Reading readingOr(long newestAt, double newestValue) {
        return reading != null ? reading : new Reading(newestAt, newestValue);
    }

    /** This verdict, naming the reading it judged. */
    public AnomalyScore on(long at, double value) {
        return new AnomalyScore(detector, score, expected, expectedLow, expectedHigh, direction, confidence,
                attribution, new Reading(at, value));
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
