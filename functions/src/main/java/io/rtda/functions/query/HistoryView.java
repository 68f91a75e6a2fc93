package io.rtda.functions.query;

import io.rtda.functions.history.HistoryPoint;
import io.rtda.functions.history.HistoryReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/streams/{id}/history}: one stream's statistics in buckets of {@code step}.
 *
 * @param stream the stream
 * @param from   requested start (inclusive)
 * @param to     requested end (exclusive)
 * @param step   bucket length, ISO-8601
 * @param source the stored resolution the buckets were merged from, ISO-8601
 * @param points buckets with data, oldest first (buckets without updates are absent)
 */
public record HistoryView(String stream, Instant from, Instant to, String step, String source,
        List<Point> points) {

    /**
     * One bucket; statistics are averages over the window updates in it except min, max (extremes), last
     * (newest value) and score (highest). Undefined values are null.
     */
    public record Point(Instant time, long updates, Double mean, Double std, Double min, Double max, Double p50,
            Double p95, Double last, Double score) {
    }

    static HistoryView of(String stream, Instant from, Instant to, HistoryReader.Page page) {
        List<Point> points = page.points().stream().map(HistoryView::point).toList();
        return new HistoryView(stream, from, to, Duration.ofMillis(page.step()).toString(),
                page.level().step().toString(), points);
    }

    private static Point point(HistoryPoint p) {
        return new Point(Instant.ofEpochMilli(p.start()), p.updates(), orNull(p.mean()), orNull(p.std()),
                orNull(p.min()), orNull(p.max()), orNull(p.p50()), orNull(p.p95()), orNull(p.last()),
                orNull(p.score()));
    }

    private static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
