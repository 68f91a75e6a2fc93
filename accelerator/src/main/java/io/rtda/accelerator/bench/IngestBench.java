package io.rtda.accelerator.bench;

import io.rtda.accelerator.opencl.OpenClDevice;
import io.rtda.accelerator.opencl.OpenClWindows;
import io.rtda.accelerator.stats.StatsCalculator;
import io.rtda.accelerator.stats.StatsKernel;
import io.rtda.accelerator.stats.StatsKernels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Ingest benchmark: single-threaded {@code WindowEngine.apply} throughput and latency per backend and mode,
 * and the bandwidth of the statistics pass alone on a cache-resident and a memory-bound data set. Refuses
 * to print numbers (exit 2) when the backends disagree. Run with {@code --help} for the options, e.g.
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx8g -cp accelerator/target/classes \
 *     io.rtda.accelerator.bench.IngestBench --backend all --quantiles
 * </pre>
 */
public final class IngestBench {
    private static final int LARGE_WINDOW = 65_536;
    private static final int CHECK_WINDOWS = 64;

    private IngestBench() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        System.exit(run(options));
    }

    static int run(BenchOptions options) {
        Map<String, StatsKernel> kernels = new LinkedHashMap<>();
        for (String backend : options.backends()) {
            if (!backend.equals("opencl")) {
                kernels.put(backend, StatsKernels.select(backend).kernel());
            }
        }
        OpenClDevice device = null;
        if (options.backends().contains("opencl")) {
            device = openClDevice(options.backends().size() == 1);
            if (device == null && options.backends().size() == 1) {
                return 3;
            }
        }
        if (options.kernelsOnly()) {
            return device == null ? 2 : kernelsOnly(device, options);
        }
        int smallWindow = Integer.highestOneBit(options.window() - 1 | 1) << 1;
        StatsPassRun.DataSet small = StatsPassRun.DataSet.generate(options.streams() + " x " + smallWindow,
                options.streams(), smallWindow, options.seed());
        String disagreement = checkBackends(List.of(small, StatsPassRun.DataSet.generate("check 8 x " + LARGE_WINDOW,
                8, LARGE_WINDOW, options.seed() + 1)));
        if (disagreement != null) {
            System.err.println("RTDA-BENCH-001 backends disagree, no numbers reported: " + disagreement);
            return 2;
        }
        printHeader(options, kernels);
        double[] valueTable = valueTable(options.seed());
        IngestRun ingest = new IngestRun(options, valueTable);
        List<IngestRun.Result> ingestResults = new ArrayList<>();
        List<Boolean> modes = options.quantiles() ? List.of(false, true) : List.of(false);
        for (boolean quantiles : modes) {
            for (StatsKernel kernel : kernels.values()) {
                System.gc();
                IngestRun.Result r = ingest.run(kernel, quantiles);
                ingestResults.add(r);
                System.out.println(BenchReport.ingestLine(r));
            }
            if (device != null) {
                System.gc();
                StatsKernel host = StatsKernels.select("auto").kernel();
                IngestRun.Result r = ingest.run(host, new OpenClWindows(device, options.streams(),
                        Integer.highestOneBit(options.window() - 1 | 1) << 1), quantiles);
                ingestResults.add(r);
                System.out.println(BenchReport.ingestLine(r));
            }
        }
        String deviceReport = null;
        if (device != null) {
            deviceReport = DeviceBench.run(device, options, null);
            if (deviceReport == null) {
                return 2;
            }
        }
        List<StatsPassRun.Result> passResults = new ArrayList<>();
        passResults.addAll(statsPasses(small, kernels, options));
        String quantileLine = options.quantiles() && !kernels.isEmpty() ? quantilePass(kernels, options) : null;
        if (options.largeBytes() > 0) {
            // Built only now, so the ingest runs did not carry gigabytes through young collections.
            int windows = (int) Math.max(1, options.largeBytes() / ((long) LARGE_WINDOW
                    * StatsPassRun.BYTES_PER_SAMPLE));
            System.gc();
            StatsPassRun.DataSet large = StatsPassRun.DataSet.generate(windows + " x " + LARGE_WINDOW, windows,
                    LARGE_WINDOW, options.seed() + 2);
            passResults.addAll(statsPasses(large, kernels, options));
        }
        System.out.println();
        System.out.print(BenchReport.table(ingestResults, passResults, options));
        if (quantileLine != null) {
            System.out.println(quantileLine);
        }
        if (deviceReport != null) {
            System.out.print(deviceReport);
        }
        return 0;
    }

    /** The device's copy limits, then its kernels measured against them; 2 when the kernels disagree. */
    private static int kernelsOnly(OpenClDevice device, BenchOptions options) {
        long probeBytes = Math.min(1L << 30, device.maxAllocBytes() / 2);
        double[] limits = CopyProbe.measure(device, probeBytes, options.seconds());
        System.out.print(CopyProbe.report(limits, probeBytes));
        String report = DeviceBench.run(device, options, limits);
        if (report != null) {
            System.out.print(report);
        }
        return report == null ? 2 : 0;
    }

    /**
     * Times exact quantiles and MAD over 4,096 windows of 1,024 samples, the GPU issue's CPU case, with each
     * host kernel measured (the moments pass is part of each window's statistics).
     */
    private static String quantilePass(Map<String, StatsKernel> kernels, BenchOptions options) {
        StatsPassRun.DataSet set = StatsPassRun.DataSet.generate("4096 x 1024", 4096, 1024, options.seed() + 3);
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder lines = new StringBuilder();
        for (StatsKernel kernel : kernels.values()) {
            String line = String.format(Locale.ROOT, "exact quantiles + MAD over 4096 x 1024 windows (%s, %s): %.1f ms"
                    + " on 1 thread, %.1f ms on %d (GPU issue's CPU target: <= 50 ms)", kernel.name(),
                    StatsCalculator.defaultQuantileMethod(),
                    StatsPassRun.quantilePassMillis(kernel, set, options.seconds(), 1),
                    StatsPassRun.quantilePassMillis(kernel, set, options.seconds(), cores), cores);
            System.out.println(line);
            lines.append(lines.isEmpty() ? "" : System.lineSeparator()).append(line);
        }
        return lines.isEmpty() ? null : lines.toString();
    }

    /** The OpenCL device to measure (GPUs first), or null after saying why there is none. */
    private static OpenClDevice openClDevice(boolean required) {
        try {
            OpenClDevice device = OpenClDevice.choose(true).orElse(null);
            if (device == null) {
                System.err.println("RTDA-BENCH-004 no OpenCL device with double precision"
                        + (required ? "" : "; opencl rows skipped")
                        + ": install the vendor's ICD (or pocl-opencl-icd)");
            }
            return device;
        } catch (IllegalStateException e) {
            System.err.println("RTDA-BENCH-004 " + e.getMessage() + (required ? "" : "; opencl rows skipped"));
            return null;
        }
    }

    private static List<StatsPassRun.Result> statsPasses(StatsPassRun.DataSet set, Map<String, StatsKernel> kernels,
            BenchOptions options) {
        List<StatsPassRun.Result> results = new ArrayList<>();
        StatsPassRun.Result probe = StatsPassRun.probe(set, Math.min(2, options.seconds()));
        results.add(probe);
        System.out.println(BenchReport.passLine(probe, options.dramGbps()));
        for (StatsKernel kernel : kernels.values()) {
            StatsPassRun.Result r = StatsPassRun.run(kernel, set, options.seconds(),
                    Math.min(1, options.warmupSeconds()));
            results.add(r);
            System.out.println(BenchReport.passLine(r, options.dramGbps()));
        }
        return results;
    }

    /** Scalar against vector whenever both can be loaded, whatever is measured. */
    private static String checkBackends(List<StatsPassRun.DataSet> sets) {
        StatsKernel scalar = StatsKernels.select("scalar").kernel();
        StatsKernel vector;
        try {
            vector = StatsKernels.select("vector").kernel();
        } catch (IllegalArgumentException e) {
            System.out.println("RTDA-BENCH-002 vector backend unavailable, agreement check skipped: "
                    + e.getMessage());
            return null;
        }
        return BackendCheck.firstDisagreement(scalar, vector, sets, CHECK_WINDOWS);
    }

    private static void printHeader(BenchOptions o, Map<String, StatsKernel> kernels) {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "IngestBench: %s %s, %d cpus, max heap %d MiB; backends %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"), rt.availableProcessors(),
                rt.maxMemory() >> 20, kernels.values().stream().map(IngestBench::describe).toList());
        System.out.printf(Locale.ROOT, "workload: %d streams, count window %d, %d readings/stream/batch "
                + "(%d readings/batch, interleaved), %.1f s measured per row, 1 thread; backends agree%n",
                o.streams(), o.window(), o.perStream(), o.streams() * o.perStream(), o.seconds());
    }

    private static String describe(StatsKernel kernel) {
        String text = kernel.toString();
        return text.contains("@") ? kernel.name() : text;
    }

    /** A power-of-two table of values around 20 that the batches index by stream and sequence. */
    private static double[] valueTable(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] table = new double[1 << 16];
        for (int i = 0; i < table.length; i++) {
            table[i] = 20 + 2 * random.nextGaussian();
        }
        return table;
    }
}
