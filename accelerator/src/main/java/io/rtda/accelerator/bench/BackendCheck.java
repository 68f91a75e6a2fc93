package io.rtda.accelerator.bench;

import io.rtda.accelerator.stats.StatsCalculator;
import io.rtda.accelerator.stats.StatsKernel;
import io.rtda.accelerator.stats.WindowStats;
import java.util.List;

/**
 * Checks, before any number is reported, that two backends compute the same statistics on the benchmark's
 * own windows: order statistics (min, max, last, quantiles, mad) exactly, sums within the contract's
 * tolerance of n * 1e-15 relative to the window's spread (see the kernel contract tests).
 */
final class BackendCheck {
    private BackendCheck() {
    }

    /** The first disagreement found, or null when the kernels agree on every window of every data set. */
    static String firstDisagreement(StatsKernel reference, StatsKernel candidate, List<StatsPassRun.DataSet> sets,
            int windowsPerSet) {
        StatsCalculator expectedCalc = new StatsCalculator(reference);
        StatsCalculator actualCalc = new StatsCalculator(candidate);
        for (StatsPassRun.DataSet set : sets) {
            int n = set.windowSize();
            int windows = Math.min(windowsPerSet, set.values().length);
            for (int w = 0; w < windows; w++) {
                for (int length : new int[] {n, n - 1, n / 2 + 3, 17, 1}) {
                    if (length < 1 || length > n) {
                        continue;
                    }
                    WindowStats expected = expectedCalc.compute(set.values()[w], set.times()[w], n - 1,
                            set.heads()[w], length, true);
                    WindowStats actual = actualCalc.compute(set.values()[w], set.times()[w], n - 1,
                            set.heads()[w], length, true);
                    String difference = difference(expected, actual);
                    if (difference != null) {
                        return candidate.name() + " vs " + reference.name() + " on " + set.name() + " window " + w
                                + " length " + length + ": " + difference;
                    }
                }
            }
        }
        return null;
    }

    static String difference(WindowStats e, WindowStats a) {
        String[] names = {"min", "max", "last", "p50", "p90", "p95", "p99", "mad"};
        double[] expected = {e.min(), e.max(), e.last(), e.p50(), e.p90(), e.p95(), e.p99(), e.mad()};
        double[] actual = {a.min(), a.max(), a.last(), a.p50(), a.p90(), a.p95(), a.p99(), a.mad()};
        for (int i = 0; i < names.length; i++) {
            if (Double.compare(expected[i], actual[i]) != 0) {
                return names[i] + " " + actual[i] + " != " + expected[i] + " (must be exact)";
            }
        }
        if (e.count() != a.count()) {
            return "count " + a.count() + " != " + e.count();
        }
        double bound = e.count() * 1e-15;
        double spread = e.max() - e.min();
        double seconds = (e.lastTimestamp() - e.firstTimestamp()) / 1000.0;
        String m = close("mean", e.mean(), a.mean(), bound * (Math.abs(e.mean()) + spread));
        String s = close("std", e.std(), a.std(), bound * spread);
        String t = close("slope", e.slope(), a.slope(),
                bound * (Math.abs(e.slope()) + (seconds > 0 ? spread / seconds : 0)));
        return m != null ? m : s != null ? s : t;
    }

    private static String close(String name, double expected, double actual, double tolerance) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return null;
        }
        double error = Math.abs(expected - actual);
        return error <= tolerance ? null
                : name + " " + actual + " vs " + expected + ": error " + error + " > tolerance " + tolerance;
    }
}
