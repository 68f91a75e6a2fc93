package io.rtda.accelerator.bench;

import io.rtda.accelerator.opencl.OnChip;
import io.rtda.accelerator.opencl.OpenClDevice;
import io.rtda.accelerator.opencl.OpenClWindows;
import io.rtda.accelerator.stats.DeviceWindows;
import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.StatsCalculator;
import io.rtda.accelerator.stats.WindowStats;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The OpenCL rows of the benchmark, on windows resident on the device: {@code streams} rings of {@code
 * window} samples filled through the append path, then (1) the append path alone, batches bringing 1 % new
 * samples (one pinned transfer plus the scatter kernel), (2) the moments kernel over every window, (3) the
 * full statistics with exact quantiles, with the windows held in registers and, in a second row, in local memory
 * during the selection. Before timing, the first windows are checked against the scalar
 * oracle (order statistics exactly, sums within n * 1e-15 of the spread); on disagreement it reports no
 * numbers. Bytes are the window data read (16 B per sample) or the bytes staged per appended sample (24 B).
 */
final class DeviceBench {
    private static final long T0 = 1_700_000_000_000L;
    private static final int CHECKED = 16;
    private static final int FILL_CHUNK = 1 << 22;
    private static final int FILL_PART = 1 << 16;

    private DeviceBench() {
    }

    /**
     * Runs the kernel measurements; returns the printed report, or null after printing a disagreement.
     *
     * @param limits {@link CopyProbe#measure} on the same device, to state each rate as a share of its
     *               ceiling; null to leave the shares out
     */
    static String run(OpenClDevice cl, BenchOptions options, double[] limits) {
        int streams = options.streams();
        int window = Integer.highestOneBit(options.window() - 1 | 1) << 1;
        double[][] hostValues = new double[Math.min(CHECKED, streams)][window];
        long[][] hostTimes = new long[hostValues.length][window];
        try (OpenClWindows device = OpenClWindows.profiled(cl, streams, window, options.clOptions())) {
            if (!options.clOptions().isBlank()) {
                System.out.println(device.buildReport());
            }
            fill(device, streams, window, options.seed(), hostValues, hostTimes);
            int[] spec = new int[3 * streams];
            for (int s = 0; s < streams; s++) {
                spec[3 * s] = s;
                spec[3 * s + 2] = window;
            }
            double[] sums = new double[DeviceWindows.MOMENTS * streams];
            double[] q = new double[DeviceWindows.QUANTILES * streams];
            String disagreement = computeAndCheck(device, OnChip.LOCAL_MEMORY, spec, sums, q, hostValues, hostTimes);
            double[] localKernel = new double[1];
            double localSeconds = disagreement != null ? 0
                    : time(options.seconds(), () -> device.compute(streams, spec, sums, q), device, localKernel);
            if (disagreement == null) {
                disagreement = computeAndCheck(device, OnChip.REGISTERS, spec, sums, q, hostValues, hostTimes);
            }
            if (disagreement != null) {
                System.err.println("RTDA-BENCH-003 OpenCL disagrees with the scalar oracle, no numbers reported: "
                        + disagreement);
                return null;
            }
            double bytes = (double) streams * window * 16;
            double[] momentsKernel = new double[1];
            double[] fullKernel = new double[1];
            double momentsSeconds = time(options.seconds(), () -> device.compute(streams, spec, sums, null), device,
                    momentsKernel);
            double fullSeconds = time(options.seconds(), () -> device.compute(streams, spec, sums, q), device,
                    fullKernel);
            double appendSeconds = appendOnePercent(device, streams, window, options);
            long appended = Math.max(1, (long) streams * window / 100);
            double momentsRate = bytes / momentsSeconds;
            double appendRate = appended * 24 / appendSeconds;
            return String.format(Locale.ROOT, "%n%s%n%-26s %10s %10s%n%-26s %8.3fms %7.2f GB/s%s%n%-26s %s%n"
                    + "%-26s %8.3fms %7.2f GB/s%s (%,d samples, 24 B each staged)%n%s%s%-26s %8.3fms%n%s",
                    "OpenCL on " + cl + "; parity with the scalar oracle: ok", streams + " x " + window + " resident",
                    "time", "rate", "moments+min/max+slope", momentsSeconds * 1e3, momentsRate / 1e9,
                    share(momentsRate, limits, 1), "full, exact quantiles",
                    String.format(Locale.ROOT, "%8.3fms %7.2f GB/s", fullSeconds * 1e3, bytes / fullSeconds / 1e9),
                    "append 1% per batch", appendSeconds * 1e3, appendRate / 1e9, share(appendRate, limits, 0),
                    appended, kernelLine("moments kernel only", momentsKernel[0], bytes, limits),
                    kernelLine("full kernel only", fullKernel[0], bytes, limits), "full, local-memory windows",
                    localSeconds * 1e3, kernelLine("full kernel, local windows", localKernel[0], bytes, limits));
        }
    }

    /**
     * The statistics kernel's own device time (profiling events, start to end: no window list going up, no
     * results coming back), its rate over the window bytes and that rate's share of the device-to-device copy.
     */
    private static String kernelLine(String label, double seconds, double bytes, double[] limits) {
        if (seconds <= 0) {
            return String.format(Locale.ROOT, "%-26s not measured (no profiling timestamps)%n", label);
        }
        double rate = bytes / seconds;
        return String.format(Locale.ROOT, "%-26s %8.3fms %7.2f GB/s%s%n", label, seconds * 1e3, rate / 1e9,
                share(rate, limits, 1));
    }

    /**
     * Fills every ring through the append path, keeping host copies of the first windows for the check. The
     * samples are generated by all cores, each part of a chunk from its own seeded generator, so the data does
     * not depend on the number of cores.
     */
    private static void fill(OpenClWindows device, int streams, int window, long seed, double[][] hostValues,
            long[][] hostTimes) {
        long total = (long) streams * window;
        int chunk = (int) Math.min(FILL_CHUNK, total);
        int[] slot = new int[chunk];
        int[] index = new int[chunk];
        double[] v = new double[chunk];
        long[] t = new long[chunk];
        for (long done = 0; done < total; ) {
            int n = (int) Math.min(chunk, total - done);
            long first = done;
            IntStream.range(0, (n + FILL_PART - 1) / FILL_PART).parallel().forEach(part -> {
                SplittableRandom random = new SplittableRandom(seed * 31 + (first + (long) part * FILL_PART));
                for (int i = part * FILL_PART; i < Math.min(n, (part + 1) * FILL_PART); i++) {
                    long k = first + i;
                    slot[i] = (int) (k / window);
                    index[i] = (int) (k % window);
                    v[i] = 20 + 5 * random.nextGaussian() + (slot[i] % 7);
                    t[i] = T0 + index[i] * 1000L + random.nextInt(0, 900);
                    if (slot[i] < hostValues.length) {
                        hostValues[slot[i]][index[i]] = v[i];
                        hostTimes[slot[i]][index[i]] = t[i];
                    }
                }
            });
            device.append(n, slot, index, v, t);
            done += n;
        }
        device.finish();
    }

    /**
     * Computes every window's full statistics with the windows held {@code where}, on poisoned outputs, and
     * checks the first ones against the oracle; returns the first disagreement or null.
     */
    private static String computeAndCheck(OpenClWindows device, OnChip where, int[] spec, double[] sums, double[] q,
            double[][] hostValues, long[][] hostTimes) {
        device.onChip(where);
        Arrays.fill(sums, Double.NaN);
        Arrays.fill(q, Double.NaN);
        device.compute(spec.length / 3, spec, sums, q);
        String disagreement = check(hostValues, hostTimes, spec[2], sums, q);
        return disagreement == null ? null : where + " windows: " + disagreement;
    }

    private static String check(double[][] values, long[][] times, int window, double[] sums, double[] quantiles) {
        StatsCalculator calculator = new StatsCalculator(new ScalarStatsKernel());
        for (int s = 0; s < values.length; s++) {
            WindowStats expected = calculator.compute(values[s], times[s], window - 1, 0, window, true);
            WindowStats actual = calculator.fromDevice(values[s], times[s], window - 1, 0, window, sums,
                    DeviceWindows.MOMENTS * s, true, quantiles, DeviceWindows.QUANTILES * s);
            String problem = BackendCheck.difference(expected, actual);
            if (problem != null) {
                return "window " + s + ": " + problem;
            }
        }
        return null;
    }

    private static double appendOnePercent(OpenClWindows device, int streams, int window, BenchOptions options) {
        int n = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) streams * window / 100));
        int[] slot = new int[n];
        int[] index = new int[n];
        double[] v = new double[n];
        long[] t = new long[n];
        SplittableRandom random = new SplittableRandom(options.seed() + 7);
        for (int i = 0; i < n; i++) {
            slot[i] = (int) ((long) i * streams / n);
            index[i] = random.nextInt(window);
            v[i] = 20 + random.nextGaussian();
            t[i] = T0 + (long) window * 1000 + i;
        }
        return time(options.seconds(), () -> {
            device.append(n, slot, index, v, t);
            device.finish();
        });
    }

    private static String share(double rate, double[] limits, int which) {
        return limits == null ? "" : String.format(Locale.ROOT, " = %.0f%% of the %s copy", 100 * rate / limits[which],
                which == 0 ? "pinned host-to-device" : "device-to-device");
    }

    /** Median seconds of repeated runs over about {@code seconds} (at least 5 runs, after one warm-up). */
    static double time(double seconds, Runnable work) {
        return time(seconds, work, null, null);
    }

    /**
     * As {@link #time(double, Runnable)}; with a profiled {@code device}, also puts the median of its kernel
     * seconds per run into {@code kernelSeconds[0]}.
     */
    private static double time(double seconds, Runnable work, OpenClWindows device, double[] kernelSeconds) {
        work.run();
        double[] runs = new double[10_000];
        double[] kernels = new double[runs.length];
        int count = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (count < runs.length && (count < 5 || System.nanoTime() < end)) {
            long start = System.nanoTime();
            work.run();
            runs[count] = (System.nanoTime() - start) / 1e9;
            kernels[count++] = device == null ? 0 : device.kernelNanos() / 1e9;
        }
        Arrays.sort(runs, 0, count);
        if (kernelSeconds != null) {
            Arrays.sort(kernels, 0, count);
            kernelSeconds[0] = kernels[count / 2];
        }
        return runs[count / 2];
    }
}
