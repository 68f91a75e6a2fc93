package io.rtda.functions.analysis;

import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.models.score.AnomalyScore;
import java.util.List;

/**
 * Called by {@link AnalysisService#ingest} after a batch is applied, on the ingesting thread, before the batch
 * is answered. Implement as an {@code @ApplicationScoped} bean.
 */
public interface BatchObserver {
    /**
     * @param published the snapshot this batch published for each stream it updated, once per stream: a
     *                  concurrent batch of the same stream may have replaced it as the latest already, and its
     *                  own verdict (a spike it brought) must still be seen
     */
    void applied(List<StreamSnapshot<AnomalyScore>> published);
}
