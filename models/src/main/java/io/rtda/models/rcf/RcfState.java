package io.rtda.models.rcf;

import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestState;
import io.rtda.models.calibrate.CalibratorState;
import io.rtda.models.state.VersionedState;
import java.util.Map;

/**
 * What an {@link RcfDetector} learned, version {@value #VERSION}: per stream the forest (RCF's own state
 * record, from its {@code ThresholdedRandomCutForestMapper}), the calibrator and the recent values.
 *
 * @param detector {@value RcfDetector#NAME}
 * @param version  format version
 * @param streams  stream id to its state
 */
public record RcfState(String detector, int version, Map<String, StreamState> streams) implements VersionedState {
    public static final int VERSION = 1;

    /**
     * One stream's state.
     *
     * @param forest     the thresholded forest
     * @param calibrator the score calibrator
     * @param recent     recent values, oldest first
     */
    public record StreamState(ThresholdedRandomCutForestState forest, CalibratorState calibrator, double[] recent) {
    }
}
