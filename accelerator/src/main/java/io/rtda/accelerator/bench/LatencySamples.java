package io.rtda.accelerator.bench;

import java.util.Arrays;

/** A growable list of nanosecond samples with exact percentiles (nearest rank). Single-threaded. */
final class LatencySamples {
    private long[] samples = new long[1024];
    private int size;
    private boolean sorted;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
        sorted = false;
    }

    int size() {
        return size;
    }

    /** The p-th percentile (0..100) by nearest rank; NaN when empty. */
    double percentile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        if (!sorted) {
            Arrays.sort(samples, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(p / 100 * size);
        return samples[Math.min(size - 1, Math.max(0, rank - 1))];
    }

    double max() {
        return percentile(100);
    }
}
