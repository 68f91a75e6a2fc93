package io.rtda.models.nab;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.StreamingDetector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    public static void main(String[] args) {
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
        int refused;
        try {
            refused = run(detectorName, DetectorOptions.parse(options), input, output);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("rtda score: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (refused > 0) {
            System.exit(1);
        }
    }

    /**
     * Scores every readable CSV under {@code input} and writes its scores; a file with a bad row is reported
     * (file, line, field) and left out, and costs the others nothing. Returns how many files were left out.
     *
     * @throws IllegalArgumentException when there is nothing to score, or the output would overwrite an input
     */
    static int run(String detectorName, DetectorOptions options, Path input, Path output) throws IOException {
        List<Path> csvs = NabCorpus.csvFiles(input);
        if (csvs.isEmpty()) {
            throw new IllegalArgumentException("--input " + input + " holds no .csv files");
        }
        Path base = Files.isDirectory(input) ? input : input.getParent();
        Path outputDir = output.toAbsolutePath().normalize();
        if (Files.isDirectory(input) && outputDir.startsWith(input.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--output " + output + " is --input or inside it: the scores would "
                    + "overwrite the inputs or be read as inputs next time");
        }
        List<String> names = new ArrayList<>();
        List<NabCorpus.Series> series = new ArrayList<>();
        int refused = 0;
        long total = 0;
        for (Path csv : csvs) {
            String name = base == null ? csv.toString() : base.relativize(csv).toString().replace('\\', '/');
            if (outputDir.resolve(name).equals(csv.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("--output " + output + " would overwrite the input " + csv);
            }
            try {
                NabCorpus.Series s = NabCorpus.readCsv(csv);
                warnIfTimeStepsBack(csv, s.timestamps());
                names.add(name);
                series.add(s);
                total += s.values().length;
            } catch (IllegalArgumentException e) {
                System.err.println("rtda score: left out " + e.getMessage());
                refused++;
            }
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no input file could be read (" + refused + " left out, see above)");
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
        for (int f = 0; f < names.size(); f++) {
            write(output.resolve(names.get(f)), series.get(f), scores.get(f));
        }
        System.out.printf(Locale.ROOT, "rtda score: %s scored %d readings in %d files in %.1f s (%.0f readings/s); "
                + "wrote %s%s%n", detectorName, rows, names.size(), seconds, rows / seconds, output,
                refused == 0 ? "" : "; " + refused + " file(s) left out (see above)");
        return refused;
    }

    /** Detectors expect each stream in time order; rows that step back are scored in file order, and said. */
    private static void warnIfTimeStepsBack(Path csv, long[] ts) {
        int first = -1;
        int count = 0;
        for (int i = 1; i < ts.length; i++) {
            if (ts[i] < ts[i - 1]) {
                first = first < 0 ? i : first;
                count++;
            }
        }
        if (count > 0) {
            System.err.printf(Locale.ROOT, "rtda score: warning: %s: data row %d (%s) is earlier than the row before"
                    + "%s; rows are scored in file order%n", csv, first + 1, OUT_TIME.format(Instant.ofEpochMilli(
                    ts[first])), count > 1 ? ", and " + (count - 1) + " more rows step back" : "");
        }
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
