package io.rtda.functions.history;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers "this stream from {@code from} to {@code to} in steps of {@code step}" from the coarsest level
 * whose step divides the request and whose retention still covers {@code from}, merging its points into
 * the requested buckets.
 */
public final class HistoryReader {
    /** Most buckets one read may return. */
    public static final int MAX_POINTS = 10_000;

    private final JdbcHistoryStore store;
    private final List<HistoryLevel> levels;

    /** @param levels finest first */
    public HistoryReader(JdbcHistoryStore store, List<HistoryLevel> levels) {
        this.store = store;
        this.levels = levels.stream().sorted(Comparator.comparingLong(HistoryLevel::stepMillis)).toList();
    }

    /** The points read and the level they came from. */
    public record Page(HistoryLevel level, long step, List<HistoryPoint> points) {
    }

    /** The level a request is served from. */
    public HistoryLevel levelFor(long from, long step, long now) {
        HistoryLevel chosen = levels.get(0);
        for (HistoryLevel level : levels) {
            if (level.stepMillis() <= step && step % level.stepMillis() == 0) {
                if (from >= now - level.retention().toMillis() || chosen.retention().compareTo(level.retention()) < 0) {
                    chosen = level;
                }
            }
        }
        return chosen;
    }

    /**
     * @throws IllegalArgumentException when the range is empty, the step is not positive or the request
     *                                  asks for more than {@link #MAX_POINTS} buckets
     */
    public Page read(String stream, long from, long to, long step, long now) throws SQLException {
        if (step < 1) {
            throw new IllegalArgumentException("step must be positive, was " + step + " ms");
        }
        if (to <= from) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        if ((to - from) / step > MAX_POINTS) {
            throw new IllegalArgumentException("the range holds more than " + MAX_POINTS + " steps of " + step
                    + " ms: use a larger step");
        }
        HistoryLevel level = levelFor(from, step, now);
        long start = Math.floorDiv(from, step) * step;
        Map<Long, HistoryPoint> buckets = new LinkedHashMap<>();
        for (HistoryPoint p : store.read(stream, level.stepMillis(), start, to)) {
            long bucket = Math.floorDiv(p.start(), step) * step;
            HistoryPoint r = p.rebucket(step);
            buckets.merge(bucket, r, (a, b) -> a.merge(b, step, bucket));
        }
        return new Page(level, step, new ArrayList<>(buckets.values()));
    }
}
