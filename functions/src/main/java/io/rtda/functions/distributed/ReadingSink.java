package io.rtda.functions.distributed;

import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.reading.ReadingBatch;

/**
 * Where validated readings go: the in-process analytics (all-in-one, worker) or the broker (front). The one
 * seam between the ingest edge and the mode.
 */
@FunctionalInterface
public interface ReadingSink {
    /**
     * Applies or hands off a batch of valid readings.
     *
     * @throws BrokerUnavailableException when they could not be handed off (front mode; safe to retry)
     */
    BatchResult apply(ReadingBatch batch);
}
