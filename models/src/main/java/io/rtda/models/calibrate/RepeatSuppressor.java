package io.rtda.models.calibrate;

/**
 * Halves a score that does not exceed the stream's recent peak, so one event raises one alert instead of
 * a burst: the peak decays by half every {@code halfLife} readings and rises to any score above it. A new
 * high passes unchanged; repeats and after-shocks of the same event are damped. Not thread-safe: one per
 * stream.
 */
public final class RepeatSuppressor {
    static final double DAMP = 0.5;
    private final double decay;
    private double peak;

    /** @param halfLife readings over which the remembered peak halves; 0 disables suppression */
    public RepeatSuppressor(int halfLife) {
        if (halfLife < 0) {
            throw new IllegalArgumentException("suppress half-life must be >= 0 readings, was " + halfLife);
        }
        this.decay = halfLife == 0 ? 0 : Math.pow(0.5, 1.0 / halfLife);
    }

    /** The shaped score of {@code score}, which then joins the remembered peak. */
    public double apply(double score) {
        if (decay == 0) {
            return score;
        }
        double out = score > peak ? score : score * DAMP;
        peak = Math.max(peak * decay, score);
        return out;
    }

    public double peak() {
        return peak;
    }

    public void restore(double savedPeak) {
        peak = savedPeak;
    }
}
