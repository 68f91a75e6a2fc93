package io.rtda.functions.analysis;

import io.rtda.accelerator.ingest.BatchWindowAnalyzer;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowView;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.StreamingDetectorAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores every stream an ingest batch touched with a learning detector in as few calls as the longest
 * per-stream backlog (one call when each stream got one reading): under each stream's lock it copies the
 * samples the detector has not seen, then feeds them all at once, so a detector that batches across streams
 * (the DJL autoencoder's one forward pass per call) gets whole batches, not one reading at a time. Records each
 * stream's statistics and score in the history, as the per-stream analyzer does.
 */
final class LearnedAnalyzer implements BatchWindowAnalyzer<AnomalyScore> {
    private final StreamingDetectorAdapter adapter;
    private final Recorder history;

    /** Where each scored stream's statistics and score go (the history). */
    @FunctionalInterface
    interface Recorder {
        void record(String stream, WindowStats stats, double score);
    }

    LearnedAnalyzer(StreamingDetectorAdapter adapter, Recorder history) {
        this.adapter = adapter;
        this.history = history;
    }

    @Override
    public Object prepare(String stream, WindowStats stats, WindowView window, int fresh, AnomalyScore previous) {
        return new Prepared(stats, adapter.pending(stream, window, fresh));
    }

    @Override
    public List<AnomalyScore> analyzeAll(List<Object> prepared) {
        List<Prepared> items = new ArrayList<>(prepared.size());
        List<StreamingDetectorAdapter.Pending> pending = new ArrayList<>(prepared.size());
        for (Object p : prepared) {
            Prepared item = (Prepared) p;
            items.add(item);
            pending.add(item.pending());
        }
        List<AnomalyScore> scores = adapter.observeAll(pending);
        for (int k = 0; k < items.size(); k++) {
            history.record(items.get(k).pending().stream(), items.get(k).stats(), scores.get(k).score());
        }
        return scores;
    }

    /** A stream's statistics after the batch and the samples its detector has not seen. */
    private record Prepared(WindowStats stats, StreamingDetectorAdapter.Pending pending) {
    }
}
