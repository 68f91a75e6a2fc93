package io.rtda.models.baseline;

/**
 * The score scale every RTDA detector reports on: the surprise of a tail probability {@code p},
 * {@code -log10(p) / 20}, capped at 1. 0.15 is one in a thousand, 0.25 one in 100,000, 0.5 one in 10^10,
 * 1 one in 10^20 or rarer. The logarithm spreads the tail that matters over the scale (a two-sided normal
 * tail at 4 and 6 sigmas scores 0.21 and 0.43, where {@code 1 - p} reads 0.99994 and 0.999999998), and one
 * scale means a rule or dashboard threshold keeps its rarity whichever detector runs.
 */
public final class Surprise {
    /** Tail probabilities down to 10^-{@value} map onto [0, 1]. */
    public static final double DECADES = 20;

    private Surprise() {
    }

    /** The surprise of the two-sided normal tail {@code P(|Z| >= |z|)}; 0 at z = 0, 1 for infinite z. */
    public static double ofTwoSidedZ(double z) {
        if (Double.isNaN(z)) {
            throw new IllegalArgumentException("z must be a number, was NaN");
        }
        return Double.isInfinite(z) ? 1 : ofProbability(2 * Erf.normalUpperTail(Math.abs(z)));
    }

    /** {@code -log10(p) / 20} in [0, 1]; p at or below 10^-20 (0 included) scores 1, p of 1 or more 0. */
    public static double ofProbability(double p) {
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("p must be a probability, was NaN");
        }
        if (p >= 1) {
            return 0;
        }
        return p <= 0 ? 1 : Math.min(1, -Math.log10(p) / DECADES);
    }
}
