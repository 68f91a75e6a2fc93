package io.rtda.accelerator.stats;

/**
 * Windows resident in accelerator memory and the kernels over them. Stream slot {@code s} owns a ring of
 * {@link #capacity()} samples; the caller owns window semantics (ordering, duplicates, lateness) and
 * ring positions, and sends only appended samples. One owner thread; implementations free their device
 * memory in {@link #close()}.
 */
public interface DeviceWindows extends AutoCloseable {
    /** Doubles per window in the moments output: n, s1, s2, min, max, st, stt, stx (see {@link Moments}). */
    int MOMENTS = 8;
    /** Doubles per window in the quantiles output: p50, p90, p95, p99, mad. */
    int QUANTILES = 5;

    /** The device, for logs. */
    String describe();

    /** Ring capacity per stream (a power of two). */
    int capacity();

    /** Makes room for at least {@code n} stream slots, keeping what is on the device. */
    void ensureStreams(int n);

    /**
     * Places {@code n} samples: sample i at ring index {@code index[i]} of slot {@code slot[i]}. They may be
     * staged on the host and sent with the next {@link #compute}, in the same transfer as its window list.
     */
    void append(int n, int[] slot, int[] index, double[] values, long[] times);

    /** Replaces one slot's whole ring ({@link #capacity()} values and times). */
    void uploadRing(int slot, double[] values, long[] times);

    /**
     * Statistics of {@code count} windows, window w being {@code spec[3w]} = slot, {@code spec[3w + 1]} =
     * ring index of its oldest sample, {@code spec[3w + 2]} = length. Writes {@link #MOMENTS} doubles per
     * window to {@code moments}, and {@link #QUANTILES} per window to {@code quantiles} unless it is null.
     * Shifts follow {@link Moments}: values by the window's newest value, times by its newest time.
     */
    void compute(int count, int[] spec, double[] moments, double[] quantiles);

    @Override
    void close();
}
