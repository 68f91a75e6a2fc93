package io.rtda.functions.query;

import io.rtda.accelerator.stats.WindowStats;
import io.rtda.models.score.AnomalyScore;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shape of {@code GET /api/v1/streams/{id}/metrics}. Undefined statistics are null.
 *
 * @param stream    the stream id
 * @param updatedAt when its windows were last updated (server clock)
 * @param count     samples in the window
 * @param window    which window the statistics describe
 * @param mean      mean
 * @param std       sample standard deviation
 * @param min       minimum
 * @param max       maximum
 * @param last      value with the newest event time
 * @param sum       sum
 * @param p50       median
 * @param p90       90th percentile
 * @param p95       95th percentile
 * @param p99       99th percentile
 * @param slope     least-squares slope, value units per second of event time
 * @param z         z-score of the last value
 * @param score     anomaly score in [0, 1] of the judged reading (from the count window's model): the last value,
 *                  or the most anomalous of the values the latest batch brought ({@code anomaly.at}, {@code value})
 * @param anomaly   the model's explanation
 * @param from      oldest event time in the window
 * @param to        newest event time in the window
 */
public record MetricsView(String stream, Instant updatedAt, long count, Window window, Double mean, Double std,
        Double min, Double max, Double last, Double sum, Double p50, Double p90, Double p95, Double p99, Double slope,
        Double z, Double score, Anomaly anomaly, Instant from, Instant to) {

    /**
     * @param kind      {@code count} or {@code time}
     * @param size      samples (count window) or milliseconds (time window)
     * @param unit      {@code samples} or {@code ms}
     * @param truncated time window only: true when retention cut it short
     */
    public record Window(String kind, long size, String unit, boolean truncated) {
    }

    /**
     * @param detector     the model that scored
     * @param expected     expected value
     * @param expectedLow  lower end of the normal range
     * @param expectedHigh upper end of the normal range
     * @param direction    above, below or none (as in alerts)
     * @param confidence   in [0, 1], low during warm-up
     * @param attribution  which time steps drove the score (t-0 = the judged value), largest first; null if none
     * @param at           event time of the judged reading: the newest, or the most anomalous of the latest batch
     * @param value        the judged reading's value
     */
    public record Anomaly(String detector, Double expected, Double expectedLow, Double expectedHigh,
            String direction, double confidence, Map<String, Double> attribution, Instant at, Double value) {
    }

    static MetricsView of(String stream, Instant updatedAt, Window window, WindowStats s, AnomalyScore a) {
        boolean empty = s.count() == 0;
        AnomalyScore.Reading judged = a == null || empty && a.reading() == null ? null
                : a.readingOr(s.lastTimestamp(), s.last());
        Anomaly anomaly = a == null ? null : new Anomaly(a.detector(), num(a.expected()), num(a.expectedLow()),
                num(a.expectedHigh()), a.direction().name().toLowerCase(Locale.ROOT), a.confidence(),
                a.attributionBySteps(), judged == null ? null : Instant.ofEpochMilli(judged.at()),
                judged == null ? null : num(judged.value()));
        return new MetricsView(stream, updatedAt, s.count(), window, num(s.mean()), num(s.std()), num(s.min()),
                num(s.max()), num(s.last()), empty ? null : num(s.sum()), num(s.p50()), num(s.p90()), num(s.p95()),
                num(s.p99()), num(s.slope()), num(s.z()), a == null ? null : a.score(), anomaly,
                empty ? null : Instant.ofEpochMilli(s.firstTimestamp()),
                empty ? null : Instant.ofEpochMilli(s.lastTimestamp()));
    }

    private static Double num(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
