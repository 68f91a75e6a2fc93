package io.rtda.models.djl;

import io.rtda.models.calibrate.CalibratorState;
import io.rtda.models.state.VersionedState;
import java.util.Map;

/**
 * What a {@link DjlAutoencoderDetector} learned, version {@value #VERSION}: the shared network with its
 * optimizer state, the replay buffer, the sampling generator and each stream's window, normalizer and
 * calibrator.
 *
 * @param detector    {@value DjlAutoencoderDetector#NAME}
 * @param version     format version
 * @param network     weights and Adam moments
 * @param rng         the replay sampler's state
 * @param untrained   windows added since the last training step
 * @param replay      replay windows, oldest first, each {@code window} normalized values
 * @param streams     stream id to its state
 */
public record DjlState(String detector, int version, NetworkState network, long rng, int untrained,
        float[][] replay,
        Map<String, StreamState> streams) implements VersionedState {
    public static final int VERSION = 1;

    /**
     * One stream's state.
     *
     * @param recent     newest values, oldest first
     * @param count      readings seen
     * @param mean       running mean
     * @param variance   running variance
     * @param residual   running mean square of the newest step's reconstruction residual (normalized units)
     * @param calibrator the error calibrator
     */
    public record StreamState(double[] recent, long count, double mean, double variance, double residual,
            CalibratorState calibrator) {
    }
}
