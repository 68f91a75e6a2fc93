package io.rtda.models.rcf;

import io.rtda.models.baseline.Surprise;
import io.rtda.models.calibrate.CalibratorConfig;

/**
 * Settings of {@link RcfDetector}.
 *
 * @param shingle    recent values per forest point
 * @param trees      trees per forest
 * @param sampleSize points each tree samples
 * @param seed       base random seed (each stream's forest derives its own from it and the stream id)
 * @param rangeK     half-width of the reported normal range in robust standard deviations
 * @param calibrator calibration of the forest's score
 * @param threads    threads a call with many streams is split over (each stream's forest stays on one thread
 *                   per call, so the scores do not depend on it); default: the available processors, at most 8
 */
public record RcfConfig(int shingle, int trees, int sampleSize, long seed, double rangeK,
        CalibratorConfig calibrator, int threads) {
    public RcfConfig {
        if (shingle < 1 || shingle > 64) {
            throw new IllegalArgumentException("rcf.shingle must be in [1, 64], was " + shingle);
        }
        if (trees < 1 || trees > 1000) {
            throw new IllegalArgumentException("rcf.trees must be in [1, 1000], was " + trees);
        }
        if (sampleSize < 8 || sampleSize > 4096) {
            throw new IllegalArgumentException("rcf.sample-size must be in [8, 4096], was " + sampleSize);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("rcf.threads must be in [1, 256], was " + threads);
        }
    }

    public static RcfConfig defaults() {
        return new RcfConfig(4, 50, 256, 42, 3, new CalibratorConfig(2000, 8, 300, Surprise.DECADES, 0.05, 300, 5),
                Math.min(Runtime.getRuntime().availableProcessors(), 8));
    }
}
