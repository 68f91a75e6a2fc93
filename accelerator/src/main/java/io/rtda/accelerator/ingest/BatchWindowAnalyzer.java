package io.rtda.accelerator.ingest;

import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowView;
import java.util.List;

/**
 * A {@link WindowAnalyzer} that analyzes every stream a batch touched in one call, for analyses whose cost is
 * per call rather than per stream (a neural network's forward pass over many streams at once). The engine
 * calls {@link #prepare} for each touched stream under that stream's lock, then {@link #analyzeAll} once with
 * no stream lock held, then publishes each stream's result; batches are applied one at a time, so a stream's
 * samples reach the analysis in order.
 *
 * @param <A> the analysis result type
 */
public interface BatchWindowAnalyzer<A> extends WindowAnalyzer<A> {
    /**
     * Takes from the window what the analysis needs; the window is valid only during this call.
     *
     * @param fresh    how many of the window's newest samples this batch brought (see {@link WindowAnalyzer})
     * @param previous this stream's previous result, null the first time
     */
    Object prepare(String stream, WindowStats stats, WindowView window, int fresh, A previous);

    /** Analyzes the prepared streams of one batch: one result per item, in the same order. */
    List<A> analyzeAll(List<Object> prepared);

    /** One stream on its own (a restored stream): prepare, then analyze it alone. */
    @Override
    default A analyze(String stream, WindowStats stats, WindowView window, int fresh, A previous) {
        return analyzeAll(List.of(prepare(stream, stats, window, fresh, previous))).get(0);
    }
}
