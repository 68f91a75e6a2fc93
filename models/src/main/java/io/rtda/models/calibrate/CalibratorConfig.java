package io.rtda.models.calibrate;

/**
 * Settings of a {@link ScoreCalibrator}.
 *
 * @param history     raw measures kept for the running distribution
 * @param shortWindow measures in the short mean (1 disables it)
 * @param warmup      measures seen before the score leaves 0
 * @param decades     powers of ten of surprise that map to score 1
 * @param minStd      floor on the standard deviation, so a flat history does not make every change certain
 * @param suppressHalfLife readings over which a {@link RepeatSuppressor} forgets half a peak (0: off)
 * @param repeats     a measure that {@code repeats} or more held measures reach is not rarer than their share
 *                    of the history (0: off)
 */
public record CalibratorConfig(int history, int shortWindow, int warmup, double decades, double minStd,
        int suppressHalfLife, int repeats) {
    public CalibratorConfig {
        if (history < 2 || shortWindow < 1 || shortWindow > history || warmup < 2 || !(decades > 0)
                || !(minStd >= 0) || suppressHalfLife < 0 || repeats < 0) {
            throw new IllegalArgumentException("calibrator needs history >= 2, 1 <= shortWindow <= history, "
                    + "warmup >= 2, decades > 0, minStd >= 0, suppressHalfLife >= 0, repeats >= 0; was " + this);
        }
    }

    /** Without the repeat floor. */
    public CalibratorConfig(int history, int shortWindow, int warmup, double decades, double minStd,
            int suppressHalfLife) {
        this(history, shortWindow, warmup, decades, minStd, suppressHalfLife, 0);
    }
}
