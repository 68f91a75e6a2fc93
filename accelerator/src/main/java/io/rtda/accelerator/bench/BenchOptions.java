package io.rtda.accelerator.bench;

import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link IngestBench}, validated with messages that name the option.
 *
 * @param backends       backends to measure: {@code scalar}, {@code vector}, {@code opencl}, or all three
 * @param streams        number of streams
 * @param window         count window size (samples per stream)
 * @param perStream      readings per stream per batch
 * @param seconds        measured time per measurement
 * @param warmupSeconds  minimum warm-up time per measurement (windows are filled first in any case)
 * @param quantiles      also measure the mode with exact quantiles recomputed for every touched stream
 * @param seed           seed of the value table
 * @param largeBytes     size of the data set of the memory-bound statistics pass, bytes (0 skips it)
 * @param dramGbps       the machine's single-core DRAM bandwidth, GB/s, to compare the stats pass with
 * @param kernelsOnly    only the OpenCL resident-window kernel rows (GPU machines: no ingest or CPU passes)
 * @param clOptions      added to the OpenCL kernels' build options (tuning; the build report is printed)
 */
record BenchOptions(List<String> backends, int streams, int window, int perStream, double seconds,
        double warmupSeconds, boolean quantiles, long seed, long largeBytes, double dramGbps, boolean kernelsOnly,
        String clOptions) {

    static final String USAGE = """
            usage: IngestBench [--backend scalar|vector|opencl|all] [--streams N] [--window W] [--per-stream R]
                               [--seconds S] [--warmup S] [--quantiles] [--seed X] [--large-gib G] [--dram-gbps B]
                               [--kernels-only] [--cl-options "..."]
              --backend     statistics backend(s) to measure (default all; opencl needs an OpenCL device)
              --streams     streams (default 1000)
              --window      count window per stream, samples (default 1024)
              --per-stream  readings per stream per batch (default 64)
              --seconds     measured seconds per measurement (default 5)
              --warmup      minimum warm-up seconds per measurement (default 2)
              --quantiles   also measure with exact quantiles recomputed per touched stream each batch
              --seed        seed of the generated values (default 42)
              --large-gib   data set of the memory-bound stats pass, GiB (default 2; 0 skips; needs -Xmx)
              --dram-gbps   single-core DRAM bandwidth to compare with, GB/s (default 13)
              --kernels-only  with --backend opencl: only the resident-window kernel and append rows
              --cl-options  added to the OpenCL build (e.g. -cl-nv-verbose); prints what the build made
            """;

    static BenchOptions parse(String[] args) {
        String backend = "all";
        int streams = 1000;
        int window = 1024;
        int perStream = 64;
        double seconds = 5;
        double warmup = 2;
        boolean quantiles = false;
        long seed = 42;
        double largeGib = 2;
        double dram = 13;
        boolean kernelsOnly = false;
        String clOptions = "";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--backend" -> backend = value(args, ++i, arg).toLowerCase(Locale.ROOT);
                case "--streams" -> streams = positiveInt(args, ++i, arg);
                case "--window" -> window = positiveInt(args, ++i, arg);
                case "--per-stream" -> perStream = positiveInt(args, ++i, arg);
                case "--seconds" -> seconds = positiveDouble(args, ++i, arg);
                case "--warmup" -> warmup = nonNegativeDouble(args, ++i, arg);
                case "--quantiles" -> quantiles = true;
                case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                case "--large-gib" -> largeGib = nonNegativeDouble(args, ++i, arg);
                case "--dram-gbps" -> dram = positiveDouble(args, ++i, arg);
                case "--kernels-only" -> kernelsOnly = true;
                case "--cl-options" -> clOptions = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        List<String> backends = switch (backend) {
            case "all" -> List.of("scalar", "vector", "opencl");
            case "scalar", "vector", "opencl" -> List.of(backend);
            default -> throw new IllegalArgumentException("--backend must be scalar, vector, opencl or all, was '"
                    + backend + "'");
        };
        if (kernelsOnly && !backends.equals(List.of("opencl"))) {
            throw new IllegalArgumentException("--kernels-only goes with --backend opencl");
        }
        return new BenchOptions(backends, streams, window, perStream, seconds, warmup, quantiles, seed,
                (long) (largeGib * (1L << 30)), dram, kernelsOnly, clOptions);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int positiveInt(String[] args, int i, String option) {
        int v = Integer.parseInt(value(args, i, option));
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, was " + v);
        }
        return v;
    }

    private static double positiveDouble(String[] args, int i, String option) {
        double v = Double.parseDouble(value(args, i, option));
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(option + " must be a positive number, was " + v);
        }
        return v;
    }

    private static double nonNegativeDouble(String[] args, int i, String option) {
        double v = Double.parseDouble(value(args, i, option));
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(option + " must be zero or a positive number, was " + v);
        }
        return v;
    }
}
