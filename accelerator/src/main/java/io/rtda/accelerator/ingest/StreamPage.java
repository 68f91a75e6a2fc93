package io.rtda.accelerator.ingest;

import java.util.List;

/**
 * One page of the stream listing, ordered by stream id.
 *
 * @param items the streams on this page
 * @param next  the id to pass as {@code after} for the next page, null on the last page
 * @param total number of streams held
 */
public record StreamPage(List<Entry> items, String next, int total) {
    /**
     * @param stream    the stream id
     * @param updatedAt wall-clock time of its last update, epoch ms
     * @param readings  samples stored since start
     */
    public record Entry(String stream, long updatedAt, long readings) {
    }
}
