package io.rtda.accelerator.ingest;

/**
 * One refused record of a batch.
 *
 * @param index  the record's position in the request, 0-based
 * @param field  the field at fault ({@code stream}, {@code ts}, {@code value}, {@code tags}, or the record
 *               itself as {@code $})
 * @param reason why, and what would be accepted
 */
public record Rejection(int index, String field, String reason) {
}
