package io.rtda.functions.dashboard;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.models.score.AnomalyScore;
import java.util.Locale;
import java.util.Map;

/**
 * One stream as the dashboard shows it: the count window's statistics and the anomaly verdict (on the
 * newest value, or on the most anomalous value of the latest batch), as of one publish. Undefined numbers are
 * absent. Immutable.
 *
 * @param stream    the stream id
 * @param t         newest event time in the window, epoch ms
 * @param updatedAt server time of the update, epoch ms
 * @param count     samples in the count window
 * @param last      the newest value
 * @param mean      mean
 * @param std       sample standard deviation
 * @param min       minimum
 * @param max       maximum
 * @param p50       median
 * @param p90       90th percentile
 * @param p95       95th percentile
 * @param p99       99th percentile
 * @param slope     least-squares slope per second
 * @param score     anomaly score in [0, 1] of the judged value ({@code anomaly.at} and {@code anomaly.value})
 * @param anomaly   the model's explanation of that score
 * @param peak      the highest-scoring update since the previous publish when it is not the newest one, so a
 *                  spike followed by normal readings within one publish interval still reaches the chart
 * @param tags      the tags of the stream's most recent tagged reading (free text: render as text only)
 * @param spark     recent values, oldest first; only in a connection's first message
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamFrame(String stream, long t, long updatedAt, long count, Double last, Double mean, Double std,
        Double min, Double max, Double p50, Double p90, Double p95, Double p99, Double slope, Double score,
        Anomaly anomaly, Peak peak, Map<String, String> tags, double[] spark) {

    /**
     * @param detector     the model
     * @param expected     expected value
     * @param expectedLow  lower end of the normal range
     * @param expectedHigh upper end of the normal range
     * @param direction    above, below or none (as in alerts): where the judged value lies relative to the
     *                     expectation
     * @param confidence   in [0, 1], low while the model warms up
     * @param attribution  which time steps drove the score (t-0 = the judged value), largest first; null if none
     * @param at           event time of the judged value, epoch ms: the newest ({@code t}) or an earlier one of
     *                     the latest batch
     * @param value        the judged value
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Anomaly(String detector, Double expected, Double expectedLow, Double expectedHigh,
            String direction, double confidence, Map<String, Double> attribution, long at, Double value) {
    }

    /**
     * @param t      event time, epoch ms
     * @param value  the value
     * @param score  its anomaly score
     * @param excess how far the value lies from the expected value, in half-widths of the normal range (0
     *               when unknown); it ranks points whose scores tie, as saturated scores of 1 do
     */
    public record Peak(long t, double value, double score, @JsonIgnore double excess) {
        public Peak(long t, double value, double score) {
            this(t, value, score, 0);
        }

        /** The value {@code snapshot}'s verdict judged, or null when it has no anomaly verdict. */
        static Peak of(StreamSnapshot<AnomalyScore> snapshot) {
            AnomalyScore a = snapshot.analysis();
            if (a == null) {
                return null;
            }
            AnomalyScore.Reading judged = judged(snapshot);
            return new Peak(judged.at(), judged.value(), a.score(), a.excess(judged.value()));
        }

        /**
         * Whether this point is more anomalous than {@code other} (true when other is null): a higher score,
         * or the same score and a value further out. Without the second rule a spike that follows another
         * saturated reading within one publish would lose to it.
         */
        boolean outranks(Peak other) {
            return other == null || score > other.score || score == other.score && excess > other.excess;
        }
    }

    static StreamFrame of(StreamSnapshot<AnomalyScore> snapshot, Peak peak) {
        WindowStats s = snapshot.stats();
        AnomalyScore a = snapshot.analysis();
        AnomalyScore.Reading judged = a == null ? null : judged(snapshot);
        Anomaly anomaly = a == null ? null : new Anomaly(a.detector(), num(a.expected()), num(a.expectedLow()),
                num(a.expectedHigh()), a.direction().name().toLowerCase(Locale.ROOT), a.confidence(),
                a.attributionBySteps(), judged.at(), num(judged.value()));
        boolean newest = peak != null && peak.t() == s.lastTimestamp() && Double.compare(peak.value(), s.last()) == 0;
        return new StreamFrame(snapshot.stream(), s.lastTimestamp(), snapshot.updatedAt(), s.count(), num(s.last()),
                num(s.mean()), num(s.std()), num(s.min()), num(s.max()), num(s.p50()), num(s.p90()), num(s.p95()),
                num(s.p99()), num(s.slope()), a == null ? null : a.score(), anomaly, newest ? null : peak,
                snapshot.tags().isEmpty() ? null : snapshot.tags(), null);
    }

    /** The reading the snapshot's verdict judged: the one it names, else the newest. */
    private static AnomalyScore.Reading judged(StreamSnapshot<AnomalyScore> snapshot) {
        return snapshot.analysis().readingOr(snapshot.stats().lastTimestamp(), snapshot.stats().last());
    }

    /** This frame with another peak point. */
    StreamFrame withPeak(Peak other) {
        return new StreamFrame(stream, t, updatedAt, count, last, mean, std, min, max, p50, p90, p95, p99, slope,
                score, anomaly, other, tags, spark);
    }

    /** This frame with recent values attached. */
    StreamFrame withSpark(double[] values) {
        return new StreamFrame(stream, t, updatedAt, count, last, mean, std, min, max, p50, p90, p95, p99, slope,
                score, anomaly, peak, tags, values);
    }

    private static Double num(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
