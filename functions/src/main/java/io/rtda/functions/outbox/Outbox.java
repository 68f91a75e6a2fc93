package io.rtda.functions.outbox;

import io.rtda.functions.groupcommit.GroupCommit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A durable FIFO of messages for one destination, journaled in one file: {@code E} lines append an entry,
 * {@code A} lines acknowledge one (not forced: a lost acknowledgement costs one more delivery, which consumers
 * deduplicate by message id). {@link #append} returns once the entry is forced to disk; on open, the
 * entries not yet acknowledged are delivered again, in order. When every entry is acknowledged and the journal is
 * over 1 MiB it is truncated. Thread-safe; one consumer ({@link #next}/{@link #ack}) is expected.
 */
public final class Outbox implements AutoCloseable {
    private static final long COMPACT_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ArrayDeque<OutboxEntry> pending = new ArrayDeque<>();
    /** Written inside a {@link GroupCommit} scope, not yet forced: not for the courier yet. */
    private final List<OutboxEntry> staged = new ArrayList<>();
    private final Set<String> knownAtOpen = new HashSet<>();
    private final GroupCommit.Deferred deferred = this::forceStaged;
    private long nextSeq = 1;

    /** Opens (or creates) the journal and restores the entries not yet acknowledged. */
    public Outbox(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            restore(completeLines(file));
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        // Not emptied when nothing is pending: the ids it holds tell a restart which journaled alert transitions
        // were already queued (knew); the first acknowledgement over the compaction size empties it.
    }

    /**
     * The journal's complete lines; a last line torn by a crash mid-write is cut off the file. Its append never
     * returned (an entry cut inside its payload still has all its fields, so it must not be parsed), and the next
     * entry must not continue it and become unreadable.
     */
    private static List<String> completeLines(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        int end = content.length;
        while (end > 0 && content[end - 1] != '\n') {
            end--;
        }
        if (end < content.length) {
            try (FileChannel rw = FileChannel.open(file, StandardOpenOption.WRITE)) {
                rw.truncate(end);
                rw.force(false);
            }
        }
        return new String(content, 0, end, StandardCharsets.UTF_8).lines().toList();
    }

    private void restore(List<String> lines) {
        java.util.LinkedHashMap<Long, OutboxEntry> open = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            if (f.length == 7 && "E".equals(f[0])) {
                long seq = Long.parseLong(f[1]);
                open.put(seq, new OutboxEntry(seq, f[2], f[3], f[4], f[5], f[6]));
                knownAtOpen.add(f[3]);
                nextSeq = Math.max(nextSeq, seq + 1);
            } else if (f.length == 2 && "A".equals(f[0])) {
                open.remove(Long.parseLong(f[1]));
            }
            // anything else is not a line this journal writes: ignored
        }
        pending.addAll(open.values());
    }

    /**
     * Journals a message and queues it; returns once it is on disk. Inside a {@link GroupCommit} scope it returns
     * once written, and the message reaches {@link #next} only after the scope's one force.
     */
    public OutboxEntry append(String address, String id, String type, String time, String payload) {
        return GroupCommit.write(deferred, () -> add(address, id, type, time, payload, false),
                () -> add(address, id, type, time, payload, true));
    }

    private synchronized OutboxEntry add(String address, String id, String type, String time, String payload,
            boolean force) {
        OutboxEntry e = new OutboxEntry(nextSeq++, address, id, type, time, payload);
        write("E\t" + e.seq() + "\t" + address + "\t" + id + "\t" + type + "\t" + time + "\t" + payload + "\n",
                force);
        if (force) {
            pending.add(e);
            notifyAll();
        } else {
            staged.add(e);
        }
        return e;
    }

    /**
     * The deferred force of a {@link GroupCommit} scope: forces every entry written before it and hands them to the
     * courier. Should the force fail they are handed over anyway (they are written, and delivering them beats
     * dropping them), and the failure is thrown to be logged.
     */
    private synchronized void forceStaged() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force outbox " + file + ": " + e.getMessage(), e);
        } finally {
            pending.addAll(staged);
            staged.clear();
            notifyAll();
        }
    }

    /** The oldest unacknowledged entry, waiting up to {@code timeoutMs} for one; null if none came. */
    public synchronized OutboxEntry next(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return pending.peek();
    }

    /** Marks the oldest entry delivered; {@code seq} must be that entry's. */
    public synchronized void ack(long seq) {
        OutboxEntry head = pending.peek();
        if (head == null || head.seq() != seq) {
            throw new IllegalStateException("ack of " + seq + " but the oldest pending entry is "
                    + (head == null ? "none" : head.seq()));
        }
        pending.poll();
        try {
            if (pending.isEmpty() && staged.isEmpty() && channel.size() > COMPACT_BYTES) {
                channel.truncate(0);
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact outbox " + file, e);
        }
        write("A\t" + seq + "\n", false); // not forced: a lost acknowledgement only means one more delivery
    }

    /**
     * Whether the journal held an entry with this id when it was opened, acknowledged or not (since its last
     * compaction, when every entry was acknowledged).
     */
    public synchronized boolean knew(String id) {
        return knownAtOpen.contains(id);
    }

    /** Entries not yet acknowledged. */
    public synchronized int pending() {
        return pending.size() + staged.size();
    }

    private void write(String line, boolean force) {
        try {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write outbox " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
