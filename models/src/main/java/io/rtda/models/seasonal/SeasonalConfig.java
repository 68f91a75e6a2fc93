package io.rtda.models.seasonal;

import io.rtda.models.baseline.Surprise;
import io.rtda.models.calibrate.CalibratorConfig;

/**
 * Settings of {@link SeasonalDetector}.
 *
 * @param binsPerDay slots per day (24: hours); the weekly profile has {@code 7 * binsPerDay}
 * @param days       past days whose slot means the daily expectation is the median of
 * @param weeks      past weeks whose slot means the weekly expectation is the median of
 * @param rangeK     half-width of the reported normal range in typical deviations
 * @param calibrator calibration of the absolute deviation from each expectation (the same settings serve the
 *                   daily and the weekly one; its repeat suppression applies to the detector's score)
 */
public record SeasonalConfig(int binsPerDay, int days, int weeks, double rangeK, CalibratorConfig calibrator) {
    public SeasonalConfig {
        if (binsPerDay < 1 || binsPerDay > 1440 || 86_400 % binsPerDay != 0) {
            throw new IllegalArgumentException("seasonal.bins-per-day must divide the 86,400 seconds of a day and be"
                    + " in [1, 1440], was " + binsPerDay);
        }
        if (days < 2 || days > 366) {
            throw new IllegalArgumentException("seasonal.days must be in [2, 366], was " + days);
        }
        if (weeks < 2 || weeks > 104) {
            throw new IllegalArgumentException("seasonal.weeks must be in [2, 104], was " + weeks);
        }
        if (!(rangeK > 0) || Double.isInfinite(rangeK)) {
            throw new IllegalArgumentException("seasonal.range-k must be a positive number, was " + rangeK);
        }
    }

    /**
     * Hours of the day over the last week and hours of the week over the last four; the deviation is
     * calibrated like the other detectors' measures, with no floor on its spread (it is in the stream's own
     * units, so a fixed floor would mute streams of small values).
     */
    public static SeasonalConfig defaults() {
        return new SeasonalConfig(24, 7, 4, 3, new CalibratorConfig(2000, 8, 300, Surprise.DECADES, 0, 300));
    }
}
