package io.rtda.functions.ingest;

import io.rtda.accelerator.ingest.Rejection;
import java.util.List;

/**
 * The answer to a batch: how many records were stored, how many were duplicates of stored ones, and each
 * refused record with its index, field and reason.
 *
 * @param accepted   records stored
 * @param duplicates records identical to a stored one (kept once, not refused)
 * @param rejected   refused records by ascending index
 */
public record IngestResponse(int accepted, int duplicates, List<Rejection> rejected) {
}
