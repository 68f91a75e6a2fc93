package io.rtda.models.calibrate;

/**
 * Halves a score that does not top the stream's recent peak by {@value #MARGIN}, so one event raises one
 * alert instead of a burst: the peak decays by half every {@code halfLife} readings and rises to any score
 * above it. A clear new high passes unchanged; repeats, after-shocks and the slow climb of one event's
 * scores are damped. On the calibrated scale ({@code -log10(p) / 20}) the margin is one decade: a reading
 * alerts again only when it is ten times less likely than the event already reported. Not thread-safe: one
 * per stream.
 */
public final class RepeatSuppressor {
    static final double DAMP = 0.5;
    /** How far a score must top the remembered peak to pass. */
    public static final double MARGIN = 0.05;
    private final double decay;
    private double peak;

    /** @param halfLife readings over which the remembered peak halves; 0 disables suppression */
    public RepeatSuppressor(int halfLife) {
        if (halfLife < 0) {
            throw new IllegalArgumentException("suppress half-life must be >= 0 readings, was " + halfLife);
        }
        this.decay = halfLife == 0 ? 0 : Math.pow(0.5, 1.0 / halfLife);
    }

    /** A suppressor that remembers {@code peak}, as a checkpoint saved it. */
    public static RepeatSuppressor restored(int halfLife, double peak) {
        RepeatSuppressor s = new RepeatSuppressor(halfLife);
        s.restore(peak);
        return s;
    }

    /** The shaped score of {@code score}, which then joins the remembered peak. */
    public double apply(double score) {
        if (decay == 0) {
            return score;
        }
        double out = score > peak + MARGIN ? score : score * DAMP;
        peak = Math.max(peak * decay, score);
        return out;
    }

    public double peak() {
        return peak;
    }

    /** Remembers {@code savedPeak}, a score in [0, 1] as a checkpoint saved it. */
    public void restore(double savedPeak) {
        if (!(savedPeak >= 0 && savedPeak <= 1)) {
            throw new IllegalArgumentException("a repeat suppressor's peak is a score in [0, 1], was " + savedPeak);
        }
        peak = savedPeak;
    }
}
