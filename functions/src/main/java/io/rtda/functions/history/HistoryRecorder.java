package io.rtda.functions.history;

import io.rtda.accelerator.stats.WindowStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Collects window updates on the ingest path into finest-level points: a map merge per update, no I/O. The
 * writer drains it. Thread-safe: updates share a read lock, so a drain never loses one in flight.
 */
public final class HistoryRecorder {
    private final long stepMillis;
    private final ReadWriteLock swap = new ReentrantReadWriteLock();
    private Map<Key, HistoryPoint> open = new ConcurrentHashMap<>();

    public HistoryRecorder(HistoryLevel finest) {
        this.stepMillis = finest.stepMillis();
    }

    private record Key(String stream, long start) {
    }

    /** Records one window update; {@code score} is NaN when no detector scored it. */
    public void record(String stream, WindowStats stats, double score) {
        if (stats.count() == 0) {
            return;
        }
        long time = stats.lastTimestamp();
        long start = Math.floorDiv(time, stepMillis) * stepMillis;
        HistoryPoint point = new HistoryPoint(stream, stepMillis, start, 1, stats.mean(), stats.std(), stats.min(),
                stats.max(), stats.p50(), stats.p95(), stats.last(), time, score);
        swap.readLock().lock();
        try {
            open.merge(new Key(stream, start), point, (a, b) -> a.merge(b, stepMillis, start));
        } finally {
            swap.readLock().unlock();
        }
    }

    /** Takes every point recorded so far; later updates go to a fresh map. */
    public List<HistoryPoint> drain() {
        Map<Key, HistoryPoint> taken;
        swap.writeLock().lock();
        try {
            taken = open;
            open = new ConcurrentHashMap<>();
        } finally {
            swap.writeLock().unlock();
        }
        return new ArrayList<>(taken.values());
    }
}
