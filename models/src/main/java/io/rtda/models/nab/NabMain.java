package io.rtda.models.nab;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.StreamingDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./rtda nab --data DIR [--detector NAME]... [--option key=value]...}: scores detectors on a
 * NAB-format corpus and prints the standard, reward_low_FP and reward_low_FN scores, each with its
 * threshold, detected windows and false positives, and the scoring rate.
 */
public final class NabMain {
    private NabMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = null;
        List<String> detectors = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--detector" -> detectors.add(value(args, ++i, "--detector"));
                case "--option" -> options.add(value(args, ++i, "--option"));
                case "--help", "-h" -> {
                    usage();
                    return;
                }
                default -> fail("unknown argument '" + args[i] + "'");
            }
        }
        if (data == null || !Files.isDirectory(data)) {
            fail("--data must name a NAB corpus directory (data/, labels/), was " + data);
        }
        if (detectors.isEmpty()) {
            detectors.addAll(Detectors.NAMES);
        }
        DetectorOptions opts = DetectorOptions.parse(options);
        List<NabFile> files = NabCorpus.load(data);
        int windows = files.stream().mapToInt(f -> f.windows().size()).sum();
        long rows = files.stream().mapToLong(NabFile::rows).sum();
        System.out.printf(Locale.ROOT, "NAB corpus %s: %d files, %d rows, %d windows; options %s%n", data,
                files.size(), rows, windows, opts);
        System.out.printf(Locale.ROOT, "%-10s %10s %10s %10s   %s%n", "detector", "standard", "low_FP", "low_FN",
                "standard: threshold, windows detected, false positives; time");
        for (String name : detectors) {
            evaluate(name, opts, files, rows);
        }
    }

    private static void evaluate(String name, DetectorOptions opts, List<NabFile> files, long rows) throws Exception {
        List<double[]> scores;
        long start = System.nanoTime();
        try (StreamingDetector detector = Detectors.create(name, opts)) {
            scores = SeriesRunner.run(detector, files.stream().map(NabFile::name).toList(),
                    files.stream().map(f -> new NabCorpus.Series(f.timestamps(), f.values())).toList(), done -> { });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<NabResult> results = NabProfile.all().stream().map(p -> NabScorer.score(files, scores, p)).toList();
        NabResult std = results.get(0);
        System.out.printf(Locale.ROOT, "%-10s %10.1f %10.1f %10.1f   t=%.4f, %d/%d, %d FP; %.1f s (%.0f readings/s)%n",
                name, std.normalized(), results.get(1).normalized(), results.get(2).normalized(), std.threshold(),
                std.detected(), std.windows(), std.falsePositives(), seconds, rows / seconds);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage() {
        System.out.println("usage: ./rtda nab --data DIR [--detector " + String.join("|", Detectors.NAMES)
                + "]... [--option key=value]...");
    }

    private static void fail(String message) {
        System.err.println("rtda nab: " + message);
        usage();
        System.exit(2);
    }
}
