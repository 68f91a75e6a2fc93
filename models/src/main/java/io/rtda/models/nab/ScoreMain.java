package io.rtda.models.nab;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.StreamingDetector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./rtda score --detector NAME --input FILE|DIR --output DIR [--option key=value]...}: runs a
 * detector over NAB-format CSVs ({@code timestamp,value}), strictly streaming, all files in lockstep as
 * separate streams, and writes {@code timestamp,value,anomaly_score} at the same relative paths under the
 * output directory, with a progress line on stderr and a summary.
 */
public final class ScoreMain {
    private static final DateTimeFormatter OUT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private ScoreMain() {
    }

    public static void main(String[] args) throws Exception {
        String detectorName = null;
        Path input = null;
        Path output = null;
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--detector" -> detectorName = value(args, ++i, "--detector");
                case "--input" -> input = Path.of(value(args, ++i, "--input"));
                case "--output" -> output = Path.of(value(args, ++i, "--output"));
                case "--option" -> options.add(value(args, ++i, "--option"));
                case "--help", "-h" -> {
                    usage();
                    return;
                }
                default -> fail("unknown argument '" + args[i] + "'");
            }
        }
        if (detectorName == null || input == null || output == null) {
            fail("--detector, --input and --output are required");
        }
        if (!Files.exists(input)) {
            fail("--input " + input + " does not exist");
        }
        run(detectorName, DetectorOptions.parse(options), input, output);
    }

    static void run(String detectorName, DetectorOptions options, Path input, Path output) throws Exception {
        List<Path> csvs = NabCorpus.csvFiles(input);
        Path base = Files.isDirectory(input) ? input : input.getParent();
        List<String> names = new ArrayList<>();
        List<NabCorpus.Series> series = new ArrayList<>();
        long total = 0;
        for (Path csv : csvs) {
            names.add(base == null ? csv.toString() : base.relativize(csv).toString().replace('\\', '/'));
            NabCorpus.Series s = NabCorpus.readCsv(csv);
            series.add(s);
            total += s.values().length;
        }
        long rows = total;
        long start = System.nanoTime();
        List<double[]> scores;
        try (StreamingDetector detector = Detectors.create(detectorName, options)) {
            scores = SeriesRunner.run(detector, names, series, done -> System.err.printf(Locale.ROOT,
                    "\rrtda score: %s %d/%d readings (%.0f%%)", detectorName, done, rows, 100.0 * done / rows));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.println();
        for (int f = 0; f < csvs.size(); f++) {
            write(output.resolve(names.get(f)), series.get(f), scores.get(f));
        }
        System.out.printf(Locale.ROOT, "rtda score: %s scored %d readings in %d files in %.1f s (%.0f readings/s); "
                + "wrote %s%n", detectorName, rows, csvs.size(), seconds, rows / seconds, output);
    }

    private static void write(Path file, NabCorpus.Series series, double[] scores) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("timestamp,value,anomaly_score\n");
            for (int i = 0; i < scores.length; i++) {
                out.write(OUT_TIME.format(Instant.ofEpochMilli(series.timestamps()[i])) + ","
                        + series.values()[i] + "," + scores[i] + "\n");
            }
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage() {
        System.out.println("usage: ./rtda score --detector " + String.join("|", Detectors.NAMES)
                + " --input FILE|DIR --output DIR [--option key=value]...");
    }

    private static void fail(String message) {
        System.err.println("rtda score: " + message);
        usage();
        System.exit(2);
    }
}
