package io.rtda.accelerator.bench;

import io.rtda.accelerator.stats.StatsCalculator;
import io.rtda.accelerator.stats.StatsKernel;
import io.rtda.accelerator.stats.WindowStats;
import java.util.SplittableRandom;

/**
 * The statistics pass alone: {@link StatsCalculator#compute} without quantiles over every window of a data
 * set of full rings (each starting at a random head, so most passes wrap), repeated for the measured time.
 * Bandwidth counts the bytes the pass must read: 8 B of value and 8 B of event time per sample.
 */
final class StatsPassRun {
    static final int BYTES_PER_SAMPLE = 16;

    /** Full ring windows: values, times and head of each. */
    record DataSet(String name, double[][] values, long[][] times, int[] heads) {
        int windowSize() {
            return values[0].length;
        }

        long bytes() {
            return (long) values.length * windowSize() * BYTES_PER_SAMPLE;
        }

        /** {@code windows} rings of {@code windowSize} (a power of two) samples, gaussian values. */
        static DataSet generate(String name, int windows, int windowSize, long seed) {
            if (Integer.bitCount(windowSize) != 1) {
                throw new IllegalArgumentException("stats pass window must be a power of two, was " + windowSize);
            }
            SplittableRandom random = new SplittableRandom(seed);
            double[][] values = new double[windows][windowSize];
            long[][] times = new long[windows][windowSize];
            int[] heads = new int[windows];
            for (int w = 0; w < windows; w++) {
                int head = random.nextInt(windowSize);
                heads[w] = head;
                long t = 1_700_000_000_000L;
                for (int i = 0; i < windowSize; i++) {
                    int p = (head + i) & (windowSize - 1);
                    t += 1000;
                    times[w][p] = t;
                    values[w][p] = 20 + random.nextGaussian();
                }
            }
            return new DataSet(name, values, times, heads);
        }
    }

    /**
     * @param bytes bytes read while measuring
     * @param nanos time measured
     */
    record Result(String backend, String dataSet, long dataSetBytes, long bytes, long nanos, long passes) {
        double gbPerSecond() {
            return bytes / (double) nanos;
        }
    }

    private StatsPassRun() {
    }

    static Result run(StatsKernel kernel, DataSet data, double seconds, double warmupSeconds) {
        StatsCalculator calculator = new StatsCalculator(kernel);
        double sink = 0;
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do {
            sink += pass(calculator, data);
        } while (System.nanoTime() < warmEnd);
        long passes = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            sink += pass(calculator, data);
            passes++;
            now = System.nanoTime();
        } while (now < end);
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("statistics pass produced NaN");
        }
        return new Result(kernel.name(), data.name(), data.bytes(), passes * data.bytes(), now - start, passes);
    }

    /**
     * The read roofline for the same data: a plain streaming pass that adds the raw bits of every value and
     * time (a reduction C2 vectorizes), so it is bound by how fast one core can read the data set.
     */
    static Result probe(DataSet data, double seconds) {
        long sink = 0;
        for (int warm = 0; warm < 2; warm++) {
            sink += read(data);
        }
        long passes = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            sink += read(data);
            passes++;
            now = System.nanoTime();
        } while (now < end);
        if (sink == 42) {
            System.out.println("(sink " + sink + ")");
        }
        return new Result("read", data.name(), data.bytes(), passes * data.bytes(), now - start, passes);
    }

    private static long read(DataSet data) {
        long sum = 0;
        for (int w = 0; w < data.values().length; w++) {
            double[] v = data.values()[w];
            long[] t = data.times()[w];
            for (int i = 0; i < v.length; i++) {
                sum += Double.doubleToRawLongBits(v[i]) + t[i];
            }
        }
        return sum;
    }

    private static double pass(StatsCalculator calculator, DataSet data) {
        return pass(calculator, data, false);
    }

    private static double pass(StatsCalculator calculator, DataSet data, boolean quantiles) {
        return pass(calculator, data, quantiles, 0, 1);
    }

    /** Windows {@code part, part + parts, ...} of the set. */
    private static double pass(StatsCalculator calculator, DataSet data, boolean quantiles, int part, int parts) {
        int n = data.windowSize();
        double sum = 0;
        for (int w = part; w < data.values().length; w += parts) {
            WindowStats stats = calculator.compute(data.values()[w], data.times()[w], n - 1, data.heads()[w], n,
                    quantiles);
            sum += quantiles ? stats.p99() : stats.mean();
        }
        return sum;
    }

    /**
     * Median milliseconds of one full pass with exact quantiles and MAD over every window of the set, the
     * windows split over {@code threads} threads (each with its own calculator).
     */
    static double quantilePassMillis(StatsKernel kernel, DataSet data, double seconds, int threads) {
        StatsCalculator[] calculators = new StatsCalculator[threads];
        for (int i = 0; i < threads; i++) {
            calculators[i] = new StatsCalculator(kernel);
        }
        java.util.function.DoubleSupplier onePass = () -> java.util.stream.IntStream.range(0, threads).parallel()
                .mapToDouble(i -> pass(calculators[i], data, true, i, threads)).sum();
        double sink = onePass.getAsDouble();
        double[] runs = new double[1000];
        int count = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (count < runs.length && (count < 5 || System.nanoTime() < end)) {
            long start = System.nanoTime();
            sink += onePass.getAsDouble();
            runs[count++] = (System.nanoTime() - start) / 1e6;
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("quantile pass produced NaN");
        }
        java.util.Arrays.sort(runs, 0, count);
        return runs[count / 2];
    }
}
