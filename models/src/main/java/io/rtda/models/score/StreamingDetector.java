package io.rtda.models.score;

/**
 * A learning detector fed one reading per stream at a time, in event-time order per stream, strictly
 * streaming: each reading is scored against what the detector learned before it, then learned. A call
 * may carry readings of many streams (each at most once), which learned detectors score in one batched
 * pass. Implementations are safe for concurrent calls (they serialize them); state is per detector
 * instance, which serves one group of streams.
 */
public interface StreamingDetector extends AutoCloseable {
    /**
     * The largest magnitude a detector learns: a value beyond it is taken as ±this bound (it is anomalous
     * either way), so squares and running variances stay finite instead of poisoning a stream's or a shared
     * network's state with infinities and NaN.
     */
    double MAX_MAGNITUDE = 1e150;

    /** {@code value} bounded to ±{@link #MAX_MAGNITUDE}. */
    static double bounded(double value) {
        return Math.max(-MAX_MAGNITUDE, Math.min(MAX_MAGNITUDE, value));
    }

    /** Stable name used in configuration and results. */
    String name();

    /**
     * Scores, then learns, {@code count} readings.
     *
     * @param streams    stream ids; a stream appears at most once per call
     * @param timestamps event times, epoch ms, increasing per stream across calls
     * @param values     finite values (see {@link #MAX_MAGNITUDE})
     * @param count      readings to take from the arrays
     * @return one score per reading, in input order
     */
    AnomalyScore[] observe(String[] streams, long[] timestamps, double[] values, int count);

    /** Scores, then learns, one reading. */
    default AnomalyScore observe(String stream, long timestamp, double value) {
        return observe(new String[] {stream}, new long[] {timestamp}, new double[] {value}, 1)[0];
    }

    /** A versioned, self-contained copy of everything learned, for checkpoints. */
    byte[] checkpoint();

    /** Replaces what was learned by a checkpoint of a detector of the same kind and configuration. */
    void restore(byte[] checkpoint);

    /** Frees native resources; a no-op for pure-Java detectors. */
    @Override
    default void close() {
    }
}
