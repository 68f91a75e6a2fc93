package io.rtda.accelerator.opencl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/**
 * Copies between Java arrays and pinned (mapped) host memory. One thread's memory copy (about 10 GB/s) is
 * slower than the pinned bus to a GPU (54 GB/s measured on an H200 host), so large copies are split into
 * contiguous parts on the common pool. Stateless.
 */
final class HostCopies {
    /** Copies of this many elements or more are split over threads. */
    static final int PARALLEL_FROM = 1 << 18;

    private HostCopies() {
    }

    /** Copies part {@code [lo, hi)} of a block of {@code take} samples starting at sample {@code from}. */
    static void copyBlock(ByteBuffer block, int take, int lo, int hi, int from, int[] slot, int[] index,
            double[] v, long[] t) {
        int n = hi - lo;
        region(block, 8L * lo).asDoubleBuffer().put(v, from + lo, n);
        region(block, 8L * take + 8L * lo).asLongBuffer().put(t, from + lo, n);
        region(block, 16L * take + 4L * lo).asIntBuffer().put(slot, from + lo, n);
        region(block, 20L * take + 4L * lo).asIntBuffer().put(index, from + lo, n);
    }

    static ByteBuffer region(ByteBuffer block, long offset) {
        return block.duplicate().position((int) offset).slice().order(ByteOrder.nativeOrder());
    }

    /**
     * Runs {@code part} over contiguous parts of {@code [0, n)}: in the caller below {@link #PARALLEL_FROM}
     * elements, else on up to 8 threads of the common pool.
     */
    static void inParts(int n, Part part) {
        int parts = parts(n);
        if (parts == 1) {
            part.run(0, n);
        } else {
            IntStream.range(0, parts).parallel().forEach(k -> part.run(split(n, parts, k), split(n, parts, k + 1)));
        }
    }

    /** A piece of work over elements {@code [lo, hi)}. */
    interface Part {
        void run(int lo, int hi);
    }

    /** Threads for {@code n} elements: one below {@link #PARALLEL_FROM}, else up to 8. */
    static int parts(int n) {
        return n < PARALLEL_FROM ? 1 : Math.min(8, Runtime.getRuntime().availableProcessors());
    }

    static int split(int n, int parts, int k) {
        return (int) ((long) n * k / parts);
    }

    /**
     * Checks that every sample targets a slot below {@code streams} and an index below {@code capacity}.
     * Branch-free passes (a sign bit collects every violation), split over threads for large appends; the slow
     * search only names the culprit.
     *
     * @throws IllegalArgumentException naming the first sample outside the windows
     */
    static void checkTargets(int n, int[] slot, int[] index, int streams, int capacity) {
        int parts = parts(n);
        int violations = parts == 1 ? violations(0, n, slot, index, streams, capacity)
                : IntStream.range(0, parts).parallel()
                        .map(k -> violations(split(n, parts, k), split(n, parts, k + 1), slot, index, streams,
                                capacity))
                        .reduce(0, (a, b) -> a | b);
        if (violations >= 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (slot[i] < 0 || slot[i] >= streams || index[i] < 0 || index[i] >= capacity) {
                throw new IllegalArgumentException("sample " + i + " targets slot " + slot[i] + " index " + index[i]
                        + " outside " + streams + " x " + capacity);
            }
        }
    }

    /** Negative when a sample of {@code [from, to)} targets a slot or index outside the windows. */
    private static int violations(int from, int to, int[] slot, int[] index, int streams, int capacity) {
        int lastSlot = streams - 1;
        int lastIndex = capacity - 1;
        int violations = 0;
        for (int i = from; i < to; i++) {
            int s = slot[i];
            int x = index[i];
            violations |= s | (lastSlot - s) | x | (lastIndex - x);
        }
        return violations;
    }
}
