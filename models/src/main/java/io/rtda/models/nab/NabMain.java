package io.rtda.models.nab;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.StreamingDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./rtda nab --data DIR [--detector NAME]... [--option key=value]...}: scores detectors on a
 * NAB-format corpus and prints the standard, reward_low_FP and reward_low_FN scores, each with its
 * threshold, detected windows and false positives, and the scoring rate; {@code --details} adds each file's
 * windows and false positives under the standard profile ({@link NabScorer#breakdown}).
 */
public final class NabMain {
    private NabMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = null;
        List<String> detectors = new ArrayList<>();
        List<String> options = new ArrayList<>();
        boolean details = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--detector" -> detectors.add(value(args, ++i, "--detector"));
                case "--option" -> options.add(value(args, ++i, "--option"));
                case "--details" -> details = true;
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
            evaluate(name, opts, files, rows, details);
        }
    }

    private static void evaluate(String name, DetectorOptions opts, List<NabFile> files, long rows, boolean details)
            throws Exception {
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
        if (details) {
            printDetails(files, NabScorer.breakdown(files, scores, NabProfile.STANDARD, std.threshold()));
        }
    }

    /** Per file, under the standard profile at its threshold: each window's outcome and the false positives. */
    private static void printDetails(List<NabFile> files, List<NabBreakdown> breakdowns) {
        for (int f = 0; f < files.size(); f++) {
            NabFile file = files.get(f);
            NabBreakdown b = breakdowns.get(f);
            long found = b.windows().stream().filter(NabBreakdown.WindowOutcome::detected).count();
            System.out.printf(Locale.ROOT, "  %s: %+.2f raw; %d/%d windows, %d false positive(s) (%+.2f)%n",
                    file.name(), b.raw(), found, b.windows().size(), b.falsePositives().size(),
                    b.falsePositiveCost());
            for (NabBreakdown.WindowOutcome w : b.windows()) {
                String span = String.format(Locale.ROOT, "    window rows %d-%d (%s to %s): ", w.window().first(),
                        w.window().last(), time(file, w.window().first()), time(file, w.window().last()));
                if (w.detected()) {
                    System.out.printf(Locale.ROOT, "%sdetected at row %d (%s, %d rows in), worth %+.2f%n", span,
                            w.detectedRow(), time(file, w.detectedRow()), w.detectedRow() - w.window().first(),
                            w.value());
                } else if (w.peakRow() < 0) {
                    System.out.printf(Locale.ROOT, "%smissed, inside the probation period (%+.2f)%n", span,
                            w.value());
                } else {
                    System.out.printf(Locale.ROOT, "%smissed (%+.2f); highest score %.4f at row %d (%s)%n", span,
                            w.value(), w.peakScore(), w.peakRow(), time(file, w.peakRow()));
                }
            }
            if (!b.falsePositives().isEmpty()) {
                StringBuilder rows = new StringBuilder("    false positives (row score cost):");
                for (NabBreakdown.FalsePositive fp : b.falsePositives()) {
                    rows.append(String.format(Locale.ROOT, " %d %.3f %+.3f;", fp.row(), fp.score(), fp.cost()));
                }
                System.out.println(rows.substring(0, rows.length() - 1));
            }
        }
    }

    private static String time(NabFile file, int row) {
        return Instant.ofEpochMilli(file.timestamps()[row]).toString();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage() {
        System.out.println("usage: ./rtda nab --data DIR [--detector " + String.join("|", Detectors.NAMES)
                + "]... [--option key=value]... [--details]");
        System.out.println("  --details  after each detector, every file's windows (detected where, worth what;"
                + " missed with the best score) and false positives under the standard profile");
    }

    private static void fail(String message) {
        System.err.println("rtda nab: " + message);
        usage();
        System.exit(2);
    }
}
