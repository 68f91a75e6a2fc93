package io.rtda.functions.analysis;

import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.reading.ReadingBatch;

/**
 * Called by {@link AnalysisService#ingest} after a batch is applied, on the ingesting thread, before the batch
 * is returned to its producer (which may reuse it). Implement as an {@code @ApplicationScoped} bean.
 */
public interface BatchObserver {
    void applied(ReadingBatch batch, BatchResult result);
}
