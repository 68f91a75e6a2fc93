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
     * @param fresh    how many of the window's newest samples an analysis that judges readings judges: those
     *                 this batch placed after the stream's newest sample before it, so a spike followed by
     *                 normal readings in one batch counts; 1 when it placed none there (out-of-order samples
     *                 only), for a restored stream and for replayed readings (judged when they first arrived)
     * @param previous this stream's previous result, null the first time
     */
    A analyze(String stream, WindowStats stats, WindowView window, int fresh, A previous);

    /** An analyzer that computes nothing (benchmarks, statistics-only deployments). */
    static <A> WindowAnalyzer<A> none() {
        return (stream, stats, window, fresh, previous) -> null;
    }
}
