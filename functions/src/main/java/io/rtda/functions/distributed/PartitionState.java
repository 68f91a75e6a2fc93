package io.rtda.functions.distributed;

import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.reading.ReadingBatch;

/**
 * A worker's windows as they move with a partition it hands over: the giving worker exports the partition's
 * streams, the receiving one merges them into its own.
 */
public interface PartitionState {
    /** Every retained sample, with its stream's tags, of the streams on {@code partition}. */
    ReadingBatch export(int partition);

    /**
     * Merges samples the partition's previous owner held: placed by event time however old (as a log replay),
     * exact duplicates kept once, made durable before it returns.
     */
    BatchResult adopt(ReadingBatch batch);
}
