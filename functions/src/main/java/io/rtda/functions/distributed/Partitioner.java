package io.rtda.functions.distributed;

import java.nio.charset.StandardCharsets;

/**
 * Maps a stream id to one of P partitions with 32-bit FNV-1a over its UTF-8 bytes, so every process (and
 * every language: the hash is specified, not {@code String.hashCode}) puts a stream on the same partition.
 * Changing P moves streams between partitions: drain the queues first. Immutable and thread-safe.
 */
public final class Partitioner {
    /** Queue name prefix; partition p is the queue {@code rtda.readings.<p>}. */
    public static final String QUEUE_PREFIX = "rtda.readings.";
    /** Most partitions allowed (queues are cheap, but each is a consumer per worker). */
    public static final int MAX_PARTITIONS = 4096;

    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private final int partitions;
    private final String prefix;

    /** Partitions on the queues {@code rtda.readings.<p>}. */
    public Partitioner(int partitions) {
        this(partitions, QUEUE_PREFIX);
    }

    /** Partitions on the queues {@code <prefix><p>} (tests isolate their queues this way). */
    public Partitioner(int partitions, String prefix) {
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("rtda.broker.partitions must be between 1 and " + MAX_PARTITIONS
                    + ", was " + partitions);
        }
        this.partitions = partitions;
        this.prefix = prefix;
    }

    public int partitions() {
        return partitions;
    }

    /** The partition of a stream, in {@code [0, partitions)}. */
    public int partition(String stream) {
        return Integer.remainderUnsigned(fnv1a(stream), partitions);
    }

    /** The queue of a partition. */
    public String queue(int partition) {
        return prefix + partition;
    }

    /** The queue name prefix. */
    public String prefix() {
        return prefix;
    }

    /** 32-bit FNV-1a of the UTF-8 bytes. */
    static int fnv1a(String text) {
        int hash = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }
}
