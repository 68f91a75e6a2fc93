package io.rtda.models.djl;

import io.rtda.models.baseline.Surprise;
import io.rtda.models.calibrate.CalibratorConfig;

/**
 * Settings of {@link DjlAutoencoderDetector}.
 *
 * @param window       values per input window (the network's width)
 * @param hidden       width of the hidden layers
 * @param code         width of the bottleneck
 * @param learningRate Adam step size
 * @param trainBatch   windows per training step
 * @param trainEvery   new windows between training steps
 * @param replay       windows kept for training
 * @param normHalfLife readings over which a stream's mean and deviation forget half their weight
 * @param seed         seed of initial weights and replay sampling
 * @param rangeK       half-width of the reported normal range in residual standard deviations
 * @param calibrator   calibration of the reconstruction error
 */
public record DjlConfig(int window, int hidden, int code, double learningRate, int trainBatch, int trainEvery,
        int replay,
        int normHalfLife, long seed, double rangeK, CalibratorConfig calibrator) {
    public DjlConfig {
        if (window < 2 || window > 512) {
            throw new IllegalArgumentException("djl.window must be in [2, 512], was " + window);
        }
        if (hidden < 1 || code < 1 || code > hidden) {
            throw new IllegalArgumentException("djl.hidden and djl.code need 1 <= code <= hidden, were " + hidden
                    + " and " + code);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("djl.learning-rate must be in (0, 1), was " + learningRate);
        }
        if (trainBatch < 1 || replay < trainBatch) {
            throw new IllegalArgumentException("djl.train-batch must be >= 1 and <= djl.replay, were " + trainBatch
                    + " and " + replay);
        }
        if (trainEvery < 1) {
            throw new IllegalArgumentException("djl.train-every must be >= 1 window, was " + trainEvery);
        }
        if (normHalfLife < 2) {
            throw new IllegalArgumentException("djl.norm-half-life must be >= 2 readings, was " + normHalfLife);
        }
    }

    public static DjlConfig defaults() {
        return new DjlConfig(16, 8, 4, 2e-3, 64, 32, 4096, 2000, 42, 3,
                new CalibratorConfig(2000, 8, 300, Surprise.DECADES, 0.05, 300, 5));
    }
}
