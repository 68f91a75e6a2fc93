package io.rtda.models.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a NAB-format corpus: {@code data/<folder>/<name>.csv} ({@code timestamp,value}, oldest first),
 * {@code labels/combined_windows.json} (per file, {@code [start, end]} timestamps) and optionally {@code
 * config/profiles.json}. Timestamps are {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, read as UTC. A window becomes
 * the rows whose timestamps lie in {@code [start, end]}.
 */
public final class NabCorpus {
    static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();

    private NabCorpus() {
    }

    /** Epoch ms of a NAB timestamp; the message names the text and the expected format. */
    public static long parseTime(String text) {
        try {
            return LocalDateTime.parse(text.trim(), TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timestamp '" + text + "' is not YYYY-MM-DD HH:MM:SS", e);
        }
    }

    /** Every labelled file of the corpus rooted at {@code root}, sorted by name. */
    public static List<NabFile> load(Path root) {
        Path data = root.resolve("data");
        Path labels = root.resolve("labels/combined_windows.json");
        if (!Files.isDirectory(data) || !Files.isRegularFile(labels)) {
            throw new IllegalArgumentException(root + " is not a NAB corpus: it needs data/ and "
                    + "labels/combined_windows.json");
        }
        try {
            JsonNode windows = new ObjectMapper().readTree(labels.toFile());
            List<NabFile> files = new ArrayList<>();
            for (Path csv : csvFiles(data)) {
                String name = data.relativize(csv).toString().replace('\\', '/');
                JsonNode fileWindows = windows.get(name);
                if (fileWindows == null) {
                    throw new IllegalArgumentException(labels + " has no entry for " + name);
                }
                Series series = readCsv(csv);
                files.add(new NabFile(name, series.timestamps(), series.values(),
                        toRows(name, series.timestamps(), fileWindows)));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NAB corpus " + root, e);
        }
    }

    /** The CSV files under {@code dir} (or {@code dir} itself if it is a file), sorted. */
    public static List<Path> csvFiles(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) {
            return List.of(dir);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                    && Files.isRegularFile(p)).sorted().toList();
        }
    }

    /**
     * A {@code timestamp,value} series.
     *
     * @param timestamps epoch ms
     * @param values     the values
     */
    public record Series(long[] timestamps, double[] values) {
    }

    /**
     * Reads a {@code timestamp,value} CSV with a header (UTF-8, a byte order mark allowed), rows in file order
     * (NAB's own files repeat and even step back a timestamp now and then); errors name the file, the line and
     * the field.
     */
    public static Series readCsv(Path csv) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(csv + ": is not UTF-8 text (" + e + ")", e);
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        if (lines.isEmpty() || !lines.get(0).trim().toLowerCase(Locale.ROOT).startsWith("timestamp")) {
            throw new IllegalArgumentException(csv + ": the first line must be the header timestamp,value");
        }
        long[] ts = new long[lines.size() - 1];
        double[] values = new double[lines.size() - 1];
        int n = 0;
        for (int line = 1; line < lines.size(); line++) {
            String text = lines.get(line);
            if (text.isBlank()) {
                continue;
            }
            int comma = text.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException(csv + " line " + (line + 1) + ": expected timestamp,value");
            }
            try {
                ts[n] = parseTime(text.substring(0, comma));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(csv + " line " + (line + 1) + " field timestamp: "
                        + e.getMessage(), e);
            }
            try {
                values[n] = Double.parseDouble(text.substring(comma + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + " line " + (line + 1) + " field value: '"
                        + text.substring(comma + 1) + "' is not a number", e);
            }
            if (!Double.isFinite(values[n])) {
                throw new IllegalArgumentException(csv + " line " + (line + 1) + " field value: must be finite");
            }
            n++;
        }
        return new Series(Arrays.copyOf(ts, n), Arrays.copyOf(values, n));
    }

    private static List<NabFile.Window> toRows(String name, long[] ts, JsonNode windows) {
        List<NabFile.Window> rows = new ArrayList<>();
        for (JsonNode w : windows) {
            long start = parseTime(w.get(0).asText());
            long end = parseTime(w.get(1).asText());
            int first = 0;
            while (first < ts.length && ts[first] < start) {
                first++;
            }
            int last = first - 1;
            while (last + 1 < ts.length && ts[last + 1] <= end) {
                last++;
            }
            if (last < first) {
                throw new IllegalArgumentException(name + ": window [" + w.get(0).asText() + ", "
                        + w.get(1).asText() + "] holds no row");
            }
            rows.add(new NabFile.Window(first, last));
        }
        return rows;
    }
}
