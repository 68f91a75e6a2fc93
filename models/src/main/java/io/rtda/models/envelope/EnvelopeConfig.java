package io.rtda.models.envelope;

/**
 * Settings of {@link EnvelopeDetector}.
 *
 * @param window           readings the envelope spans (rounded up to whole blocks)
 * @param block            readings per block: the envelope forgets a block's extremes all at once, so a larger
 *                         block holds less state and forgets more coarsely
 * @param margin           the overshoot, as a fraction of the envelope's width, that scores 1; smaller
 *                         overshoots score in proportion
 * @param warmup           readings before the first score (the envelope of a short history is too narrow)
 * @param suppressHalfLife half-life of the repeat suppressor's peak in readings; 0 turns it off
 */
public record EnvelopeConfig(int window, int block, double margin, int warmup, int suppressHalfLife) {
    public EnvelopeConfig {
        if (block < 1 || block > 65_536) {
            throw new IllegalArgumentException("envelope.block must be in [1, 65536] readings, was " + block);
        }
        if (window < block || window > 16_777_216) {
            throw new IllegalArgumentException("envelope.window must be in [envelope.block = " + block
                    + ", 16777216] readings, was " + window);
        }
        if (!(margin > 0) || margin > 1) {
            throw new IllegalArgumentException("envelope.margin must be in (0, 1], was " + margin);
        }
        if (warmup < 2) {
            throw new IllegalArgumentException("envelope.warmup must be at least 2 readings, was " + warmup);
        }
        if (suppressHalfLife < 0) {
            throw new IllegalArgumentException("envelope.suppress-half-life must be >= 0, was " + suppressHalfLife);
        }
    }

    /** The number of whole blocks that cover the window. */
    public int blocks() {
        return (window + block - 1) / block;
    }

    /**
     * The last 4,096 readings (two weeks of 5-minute readings) in 64 blocks of 64; an overshoot of 2 % of the
     * envelope's width scores 1; silent for the first 750 readings (NAB's probation length).
     */
    public static EnvelopeConfig defaults() {
        return new EnvelopeConfig(4096, 64, 0.02, 750, 300);
    }
}
