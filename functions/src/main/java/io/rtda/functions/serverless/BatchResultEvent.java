package io.rtda.functions.serverless;

import io.rtda.accelerator.ingest.Rejection;
import java.util.List;

/**
 * The data of the {@code io.rtda.readings.result.v1} event answering a batch: the per-reading result of
 * {@code POST /api/v1/readings} with the batch id.
 *
 * @param batchId    the batch's id as sent (null if none)
 * @param accepted   readings accepted (stored; in front mode: handed to the broker)
 * @param duplicates readings identical to stored ones
 * @param rejected   refused readings by index, field and reason
 */
public record BatchResultEvent(String batchId, int accepted, int duplicates, List<Rejection> rejected) {
}
