package io.rtda.accelerator.ingest;

import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowView;

/**
 * Turns a stream's fresh count-window statistics into an analysis result (an anomaly score, say). Called
 * once per stream per batch that stored samples, under the stream's lock, so implementations see a
 * consistent window and need no locking of their own for per-stream state carried in {@code previous}.
 *
 * @param <A> the analysis result type
 */
@FunctionalInterface
public interface WindowAnalyzer<A> {
    /**
     * @param stream   the stream id
     * @param stats    statistics of the count window after this batch
     * @param window   the count window's samples; valid only during this call
     * @param fresh    how many of the window's newest samples this batch brought (at least 1): an analysis that
     *                 judges readings judges these, so a spike followed by normal readings in one batch counts
     * @param previous this stream's previous result, null the first time
     */
    A analyze(String stream, WindowStats stats, WindowView window, int fresh, A previous);

    /** An analyzer that computes nothing (benchmarks, statistics-only deployments). */
    static <A> WindowAnalyzer<A> none() {
        return (stream, stats, window, fresh, previous) -> null;
    }
}
