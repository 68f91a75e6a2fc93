package io.rtda.models.score;

import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowView;

/**
 * Scores the newest value of a stream against its window. Called once per stream per batch, under that
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
}
