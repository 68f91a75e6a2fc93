package io.rtda.models.score;

import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves a {@link StreamingDetector} through the window-based {@link AnomalyDetector} SPI: on each call it
 * feeds the detector, oldest first, every sample of the stream's window newer than the last one it fed
 * (so readings that arrived in one batch are all learned, not only the newest) and returns the highest
 * score among the batch's new samples (the newest one's, when the caller does not say how many are new). A
 * sample placed behind the newest fed one (an out-of-order insert) is not fed: the learned
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
        return score(stream, stats, window, 1);
    }

    /**
     * Feeds every unfed sample, as {@link #score(String, WindowStats, WindowView)}, and returns the verdict on
     * the most anomalous (see {@link AnomalyScore#outranks}) of the {@code fresh} newest samples fed now, of
     * equals the newer, naming its reading.
     */
    @Override
    public AnomalyScore score(String stream, WindowStats stats, WindowView window, int fresh) {
        Fed last = fed.get(stream);
        int n = window.size();
        if (n == 0) {
            return last != null && last.score() != null ? last.score() : nothingYet();
        }
        int first = firstUnfed(last, window);
        int judgedFrom = Math.max(first, n - Math.max(1, fresh));
        AnomalyScore best = null;
        for (int i = first; i < n; i++) {
            AnomalyScore score = detector.observe(stream, window.timestamp(i), window.value(i));
            if (i >= judgedFrom && !outranked(score, window.value(i), best)) {
                best = score.on(window.timestamp(i), window.value(i));
            }
        }
        if (best != null) {
            fed.put(stream, new Fed(window.timestamp(n - 1), best));
            return best;
        }
        return last != null && last.score() != null ? last.score() : nothingYet();
    }

    /** As {@link #pending(String, WindowView, int)} with only the newest sample judged. */
    public Pending pending(String stream, WindowView window) {
        return pending(stream, window, 1);
    }

    /**
     * The samples of {@code stream}'s window not fed yet, copied (the window is valid only during the engine's
     * call), for {@link #observeAll}. Same selection as {@link #score}: newer than the newest sample fed; the
     * verdict is on the most anomalous of those among the {@code fresh} newest samples.
     */
    public Pending pending(String stream, WindowView window, int fresh) {
        Fed last = fed.get(stream);
        int n = window.size();
        int first = firstUnfed(last, window);
        long[] times = new long[n - first];
        double[] values = new double[n - first];
        for (int i = first; i < n; i++) {
            times[i - first] = window.timestamp(i);
            values[i - first] = window.value(i);
        }
        return new Pending(stream, times, values, Math.max(0, n - Math.max(1, fresh) - first));
    }

    /**
     * Feeds the pending samples of many streams with as few detector calls as one stream's longest backlog:
     * call {@code r} carries the {@code r}-th pending sample of every stream that has one (a detector takes
     * each stream at most once per call), so each stream's samples are learned oldest first and a batch of
     * one reading per stream is one call. Returns each stream's verdict (the most anomalous of its samples
     * from {@code judgedFrom}, of equals the newer), or its previous one when nothing was pending. The same
     * scores as {@link #score} per stream, for the same samples.
     */
    public synchronized List<AnomalyScore> observeAll(List<Pending> pending) {
        int rounds = 0;
        for (Pending p : pending) {
            rounds = Math.max(rounds, p.times().length);
        }
        AnomalyScore[] best = new AnomalyScore[pending.size()];
        String[] ids = new String[pending.size()];
        long[] times = new long[pending.size()];
        double[] values = new double[pending.size()];
        int[] owner = new int[pending.size()];
        for (int r = 0; r < rounds; r++) {
            int count = 0;
            for (int k = 0; k < pending.size(); k++) {
                Pending p = pending.get(k);
                if (r < p.times().length) {
                    ids[count] = p.stream();
                    times[count] = p.times()[r];
                    values[count] = p.values()[r];
                    owner[count++] = k;
                }
            }
            AnomalyScore[] scores = detector.observe(ids, times, values, count);
            for (int i = 0; i < count; i++) {
                int k = owner[i];
                if (r >= pending.get(k).judgedFrom() && !outranked(scores[i], values[i], best[k])) {
                    best[k] = scores[i].on(times[i], values[i]);
                }
            }
        }
        List<AnomalyScore> out = new ArrayList<>(pending.size());
        for (int k = 0; k < pending.size(); k++) {
            Pending p = pending.get(k);
            Fed last = fed.get(p.stream());
            if (best[k] != null) {
                fed.put(p.stream(), new Fed(p.times()[p.times().length - 1], best[k]));
                out.add(best[k]);
            } else {
                out.add(last != null && last.score() != null ? last.score()
                        : nothingYet());
            }
        }
        return out;
    }

    /**
     * A stream's samples not fed yet, oldest first.
     *
     * @param stream     the stream
     * @param times      event times
     * @param values     values
     * @param judgedFrom the first index whose score may be the verdict (the batch's new samples)
     */
    public record Pending(String stream, long[] times, double[] values, int judgedFrom) {
    }

    /** Whether the verdict so far ({@code best}, older) stays ahead of {@code score} on {@code value}. */
    private static boolean outranked(AnomalyScore score, double value, AnomalyScore best) {
        return best != null && best.outranks(best.reading().value(), score, value);
    }

    /** Index of the oldest window sample newer than the newest one fed (the window's size when none is). */
    private static int firstUnfed(Fed last, WindowView window) {
        int first = window.size();
        while (first > 0 && (last == null || window.timestamp(first - 1) > last.timestamp())) {
            first--;
        }
        return first;
    }

    /** The result for a stream the detector has not scored yet. */
    private AnomalyScore nothingYet() {
        return new AnomalyScore(detector.name(), 0, Double.NaN, Double.NaN, Double.NaN, Direction.NONE, 0);
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
