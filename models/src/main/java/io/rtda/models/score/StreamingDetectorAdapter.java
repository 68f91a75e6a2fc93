package io.rtda.models.score;

import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowView;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves a {@link StreamingDetector} through the window-based {@link AnomalyDetector} SPI: on each call it
 * feeds the detector, oldest first, every sample of the stream's window newer than the last one it fed
 * (so readings that arrived in one batch are all learned, not only the newest) and returns the newest
 * one's score. A sample placed behind the newest fed one (an out-of-order insert) is not fed: the learned
 * models see each stream in event-time order. A call without new samples repeats the previous result.
 * Thread-safe for different streams, as the engine calls it.
 */
public final class StreamingDetectorAdapter implements AnomalyDetector, AutoCloseable {
    private final StreamingDetector detector;
    private final Map<String, Fed> fed = new ConcurrentHashMap<>();

    public StreamingDetectorAdapter(StreamingDetector detector) {
        this.detector = detector;
    }

    @Override
    public String name() {
        return detector.name();
    }

    @Override
    public AnomalyScore score(String stream, WindowStats stats, WindowView window) {
        Fed last = fed.get(stream);
        int n = window.size();
        if (n == 0) {
            return last != null ? last.score()
                    : new AnomalyScore(detector.name(), 0, Double.NaN, Double.NaN, Double.NaN, Direction.NONE, 0);
        }
        int first = n;
        while (first > 0 && (last == null || window.timestamp(first - 1) > last.timestamp())) {
            first--;
        }
        AnomalyScore score = last != null ? last.score() : null;
        for (int i = first; i < n; i++) {
            score = detector.observe(stream, window.timestamp(i), window.value(i));
        }
        if (first < n) {
            fed.put(stream, new Fed(window.timestamp(n - 1), score));
        }
        return score != null ? score
                : new AnomalyScore(detector.name(), 0, Double.NaN, Double.NaN, Double.NaN, Direction.NONE, 0);
    }

    /** The detector behind the adapter (its learned state is checkpointed through it). */
    public StreamingDetector detector() {
        return detector;
    }

    /** Per stream, the event time of the newest sample fed: with the detector's checkpoint, its whole state. */
    public Map<String, Long> positions() {
        Map<String, Long> out = new java.util.HashMap<>();
        fed.forEach((stream, f) -> out.put(stream, f.timestamp()));
        return out;
    }

    /** Restores {@link #positions()}, so samples fed before a checkpoint are not learned twice. */
    public void restorePositions(Map<String, Long> positions) {
        positions.forEach((stream, ts) -> fed.put(stream, new Fed(ts, null)));
    }

    @Override
    public void close() {
        detector.close();
    }

    private record Fed(long timestamp, AnomalyScore score) {
    }
}
