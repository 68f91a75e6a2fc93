package io.rtda.accelerator.ingest;

import java.util.Arrays;

/**
 * Groups the records of one batch by stream without allocating per batch: an open-addressing table from
 * stream id to group (first-appearance order), then a counting sort of record indices by group. One
 * instance per ingest thread, reused batch after batch; {@link #release()} forgets the batch's ids so
 * none are retained. Not thread-safe.
 *
 * @param <S> what a group stands for (the engine's stream slot)
 */
final class BatchGroups<S> {
    private static final int NONE = -1;

    private String[] keys = new String[64];
    private int[] keyHash = new int[64];
    private int[] keyGroup = new int[64];
    private int shift = 32 - 6;
    private Object[] groupTargets = new Object[32];
    private int[] groupEntry = new int[32];
    private int[] groupStart = new int[33];
    private int[] recordGroup = new int[256];
    private int[] order = new int[256];
    private int groups;
    private boolean busy;
    private boolean replay;

    /** Claims this workspace for a batch of {@code records}; false when it is already in use (re-entry). */
    boolean claim(int records) {
        if (busy) {
            return false;
        }
        busy = true;
        groups = 0;
        if (recordGroup.length < records) {
            recordGroup = new int[records];
            order = new int[records];
        }
        return true;
    }

    /** Marks this batch as a log replay: no clock-skew check, no late tolerance. */
    void replay(boolean on) {
        replay = on;
    }

    boolean replaying() {
        return replay;
    }

    /** The group of {@code stream}, or -1 when the batch has not met it yet. */
    int find(String stream) {
        int mask = keys.length - 1;
        int h = stream.hashCode();
        for (int p = index(h); keys[p] != null; p = (p + 1) & mask) {
            String key = keys[p];
            if (key == stream || keyHash[p] == h && key.equals(stream)) {
                return keyGroup[p];
            }
        }
        return NONE;
    }

    /** Opens a group for a stream that {@link #find} did not know, and returns its index. */
    int open(String stream, S target) {
        if (2 * (groups + 1) > keys.length) {
            rehash(keys.length * 2);
        }
        if (groups == groupTargets.length) {
            groupTargets = Arrays.copyOf(groupTargets, groups * 2);
            groupEntry = Arrays.copyOf(groupEntry, groups * 2);
            groupStart = Arrays.copyOf(groupStart, groups * 2 + 1);
        }
        int mask = keys.length - 1;
        int h = stream.hashCode();
        int p = index(h);
        while (keys[p] != null) {
            p = (p + 1) & mask;
        }
        keys[p] = stream;
        keyHash[p] = h;
        keyGroup[p] = groups;
        groupTargets[groups] = target;
        groupEntry[groups] = p;
        groupStart[groups] = 0;
        return groups++;
    }

    /** Assigns record {@code i} to {@code group}, or to none (-1) when it was refused. */
    void assign(int i, int group) {
        recordGroup[i] = group;
        if (group != NONE) {
            groupStart[group]++;
        }
    }

    /** Lays the records of {@code records} assigned so far out by group, in batch order within a group. */
    void layout(int records) {
        int sum = 0;
        for (int g = 0; g < groups; g++) {
            int count = groupStart[g];
            groupStart[g] = sum;
            sum += count;
        }
        groupStart[groups] = sum;
        for (int i = 0; i < records; i++) {
            int g = recordGroup[i];
            if (g != NONE) {
                order[groupStart[g]++] = i;
            }
        }
        for (int g = groups; g > 0; g--) {
            groupStart[g] = groupStart[g - 1];
        }
        groupStart[0] = 0;
    }

    int groups() {
        return groups;
    }

    @SuppressWarnings("unchecked")
    S target(int group) {
        return (S) groupTargets[group];
    }

    /** Records of {@code group} are {@code record(from(group)) .. record(from(group + 1) - 1)}. */
    int from(int group) {
        return groupStart[group];
    }

    int record(int position) {
        return order[position];
    }

    /** Forgets the batch (its stream ids and targets) and frees the workspace for the next one. */
    void release() {
        for (int g = 0; g < groups; g++) {
            keys[groupEntry[g]] = null;
            groupTargets[g] = null;
        }
        groups = 0;
        replay = false;
        busy = false;
    }

    private void rehash(int capacity) {
        String[] oldKeys = keys;
        int[] oldHashes = keyHash;
        int[] oldGroups = keyGroup;
        keys = new String[capacity];
        keyHash = new int[capacity];
        keyGroup = new int[capacity];
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
        int mask = capacity - 1;
        for (int q = 0; q < oldKeys.length; q++) {
            if (oldKeys[q] != null) {
                int p = index(oldHashes[q]);
                while (keys[p] != null) {
                    p = (p + 1) & mask;
                }
                keys[p] = oldKeys[q];
                keyHash[p] = oldHashes[q];
                keyGroup[p] = oldGroups[q];
                groupEntry[oldGroups[q]] = p;
            }
        }
    }

    /**
     * Fibonacci hashing: the top bits of h times 2^32 / phi. Stream ids often differ only in trailing digits,
     * so their String hashes are nearly consecutive and would cluster under linear probing on the low bits.
     */
    private int index(int h) {
        return (h * 0x9E3779B9) >>> shift;
    }
}
