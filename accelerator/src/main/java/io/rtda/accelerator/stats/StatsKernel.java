package io.rtda.accelerator.stats;

/**
 * The streaming part of window statistics: one pass over a contiguous segment of values and their event
 * times, added into a {@link Moments}. Implementations must give the scalar kernel's min and max exactly
 * and its sums within floating-point reassociation error (relative error of order n * ulp).
 * Implementations are stateless and thread-safe.
 */
public interface StatsKernel {
    /** Short name used in logs, configuration and benchmarks: {@code scalar}, {@code vector}, ... */
    String name();

    /**
     * Adds {@code values[from, to)} with {@code times[from, to)} to {@code acc}, using its shifts.
     */
    void accumulate(double[] values, long[] times, int from, int to, Moments acc);
}
