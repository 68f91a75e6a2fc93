package io.rtda.accelerator.reading;

import java.util.Arrays;
import java.util.Map;

/**
 * A batch of valid readings in columnar form, each remembering its index in the request it came from so
 * per-record results can name it. Not thread-safe: one ingest call fills it, then hands it over.
 */
public final class ReadingBatch {
    private String[] streams;
    private long[] timestamps;
    private double[] values;
    private Map<String, String>[] tags;
    private int[] sourceIndex;
    private int size;

    public ReadingBatch(int expected) {
        int capacity = Math.max(4, expected);
        streams = new String[capacity];
        timestamps = new long[capacity];
        values = new double[capacity];
        tags = newTagArray(capacity);
        sourceIndex = new int[capacity];
    }

    /** Adds a reading that was record {@code index} of the request. */
    public void add(int index, Reading reading) {
        add(index, reading.stream(), reading.timestamp(), reading.value(), reading.tags());
    }

    /**
     * Adds a reading whose stream id was already checked with {@link Reading#checkStream}; the hot path
     * for in-process producers that do not allocate a {@link Reading} per value.
     */
    public void add(int index, String stream, long timestamp, double value, Map<String, String> tagMap) {
        if (size == streams.length) {
            grow();
        }
        streams[size] = stream;
        timestamps[size] = timestamp;
        values[size] = value;
        tags[size] = tagMap == null || tagMap.isEmpty() ? null : tagMap;
        sourceIndex[size] = index;
        size++;
    }

    public int size() {
        return size;
    }

    public String stream(int i) {
        return streams[i];
    }

    public long timestamp(int i) {
        return timestamps[i];
    }

    public double value(int i) {
        return values[i];
    }

    /** Tags of record i, or null when it had none. */
    public Map<String, String> tags(int i) {
        return tags[i];
    }

    public int sourceIndex(int i) {
        return sourceIndex[i];
    }

    /** Empties the batch, keeping its arrays for reuse. */
    public void clear() {
        Arrays.fill(streams, 0, size, null);
        Arrays.fill(tags, 0, size, null);
        size = 0;
    }

    private void grow() {
        int capacity = streams.length * 2;
        streams = Arrays.copyOf(streams, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
        values = Arrays.copyOf(values, capacity);
        tags = Arrays.copyOf(tags, capacity);
        sourceIndex = Arrays.copyOf(sourceIndex, capacity);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String>[] newTagArray(int capacity) {
        return (Map<String, String>[]) new Map<?, ?>[capacity];
    }
}
