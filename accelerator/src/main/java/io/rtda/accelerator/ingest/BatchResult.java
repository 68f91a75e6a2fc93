package io.rtda.accelerator.ingest;

import java.util.List;

/**
 * Outcome of one batch.
 *
 * @param accepted       records stored in their stream's window
 * @param duplicates     records identical to a stored one (same stream, event time and value), kept once
 * @param rejected       refused records, by ascending index
 * @param windowsUpdated streams whose statistics were recomputed
 */
public record BatchResult(int accepted, int duplicates, List<Rejection> rejected, int windowsUpdated) {
    public BatchResult {
        rejected = List.copyOf(rejected);
    }
}
