package io.rtda.models.score;

import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowView;

/**
 * Scores the newest value of a stream against its window (or, through {@link #score(String, WindowStats,
 * WindowView, int)}, the most anomalous of a batch's new values). Called once per stream per batch, under that
 * stream's lock: implementations may keep per-stream state, but must be safe for different streams
 * scored concurrently.
 */
public interface AnomalyDetector {
    /** Stable name used in configuration and results. */
    String name();

    /**
     * @param stream the stream id
     * @param stats  statistics of the count window, newest value included
     * @param window the count window's samples, valid only during the call
     */
    AnomalyScore score(String stream, WindowStats stats, WindowView window);

    /**
     * The verdict on the most anomalous of the window's {@code fresh} newest samples (those the latest batch
     * brought; the engine passes at least 1), naming the reading it judged, so a spike followed by normal
     * readings in one batch is not lost. The most anomalous is the one {@link AnomalyScore#outranks} the others,
     * of equals the newer. This default judges the
     * newest sample alone.
     *
     * @param fresh how many of the newest samples the batch brought
     */
    default AnomalyScore score(String stream, WindowStats stats, WindowView window, int fresh) {
        AnomalyScore score = score(stream, stats, window);
        int n = window.size();
        return score == null || n == 0 ? score : score.on(window.timestamp(n - 1), window.value(n - 1));
    }
}
