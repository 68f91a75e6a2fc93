package io.rtda.accelerator.ingest;

import io.rtda.accelerator.stats.WindowStats;
import java.util.Map;

/**
 * What is known of a stream after its latest batch: immutable, published atomically, read without locks.
 *
 * @param stream    the stream id
 * @param updatedAt wall-clock time of the update, epoch ms
 * @param readings  samples stored for this stream since start (duplicates and late ones not counted)
 * @param stats     statistics of the count window
 * @param analysis  the analyzer's result, or null
 * @param tags      the tags of the stream's most recent tagged reading
 * @param <A>       the analysis result type
 */
public record StreamSnapshot<A>(String stream, long updatedAt, long readings, WindowStats stats, A analysis,
        Map<String, String> tags) {
}
