package io.rtda.functions.rules;

import io.rtda.accelerator.stats.WindowStats;
import io.rtda.models.score.AnomalyScore;
import java.util.Locale;

/** A quantity a condition can test. Statistics are of the stream's count window. */
public enum Metric {
    VALUE, MEAN, STD, MIN, MAX, SUM, COUNT, P50, P90, P95, P99, SLOPE, Z, RATE, SCORE, SILENCE;

    /** The name used in rule conditions. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Names accepted in conditions, for error messages. */
    public static String names() {
        StringBuilder b = new StringBuilder();
        for (Metric m : values()) {
            if (m != SILENCE) {
                b.append(b.isEmpty() ? "" : ", ").append(m.wire());
            }
        }
        return b.toString();
    }

    /** Parses a metric name; {@code last} is an alias of {@code value}. Returns null if unknown. */
    static Metric parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if ("last".equals(n)) {
            return VALUE;
        }
        for (Metric m : values()) {
            if (m != SILENCE && m.wire().equals(n)) {
                return m;
            }
        }
        return null;
    }

    /**
     * This metric's value; NaN when undefined.
     *
     * @param stats the window statistics
     * @param score the anomaly score, or null
     * @param rate  change of the newest value per second since the previous snapshot, NaN if unknown
     */
    double of(WindowStats stats, AnomalyScore score, double rate) {
        return switch (this) {
            case VALUE -> stats.last();
            case MEAN -> stats.mean();
            case STD -> stats.std();
            case MIN -> stats.min();
            case MAX -> stats.max();
            case SUM -> stats.sum();
            case COUNT -> stats.count();
            case P50 -> stats.p50();
            case P90 -> stats.p90();
            case P95 -> stats.p95();
            case P99 -> stats.p99();
            case SLOPE -> stats.slope();
            case Z -> stats.z();
            case RATE -> rate;
            case SCORE -> score == null ? Double.NaN : score.score();
            case SILENCE -> Double.NaN;
        };
    }
}
