package io.rtda.functions.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A durable FIFO of messages for one destination, journaled in one file: {@code E} lines append an entry,
 * {@code A} lines acknowledge one. {@link #append} returns once the entry is forced to disk; on open, the
 * entries not yet acknowledged are delivered again, in order. When every entry is acknowledged the journal is
 * truncated. Thread-safe; one consumer ({@link #next}/{@link #ack}) is expected.
 */
public final class Outbox implements AutoCloseable {
    private static final long COMPACT_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ArrayDeque<OutboxEntry> pending = new ArrayDeque<>();
    private long nextSeq = 1;

    /** Opens (or creates) the journal and restores the entries not yet acknowledged. */
    public Outbox(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            restore(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (pending.isEmpty()) {
            channel.truncate(0);
        }
    }

    private void restore(List<String> lines) {
        java.util.LinkedHashMap<Long, OutboxEntry> open = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            if (f.length == 7 && "E".equals(f[0])) {
                long seq = Long.parseLong(f[1]);
                open.put(seq, new OutboxEntry(seq, f[2], f[3], f[4], f[5], f[6]));
                nextSeq = Math.max(nextSeq, seq + 1);
            } else if (f.length == 2 && "A".equals(f[0])) {
                open.remove(Long.parseLong(f[1]));
            }
            // anything else is a torn last line from a crash mid-write: its append never returned, so it is
            // not owed to anyone
        }
        pending.addAll(open.values());
    }

    /** Journals a message and queues it; returns once it is on disk. */
    public synchronized OutboxEntry append(String address, String id, String type, String time, String payload) {
        OutboxEntry e = new OutboxEntry(nextSeq++, address, id, type, time, payload);
        write("E\t" + e.seq() + "\t" + address + "\t" + id + "\t" + type + "\t" + time + "\t" + payload + "\n");
        pending.add(e);
        notifyAll();
        return e;
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
            if (pending.isEmpty() && channel.size() > COMPACT_BYTES) {
                channel.truncate(0);
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact outbox " + file, e);
        }
        write("A\t" + seq + "\n");
    }

    /** Entries not yet acknowledged. */
    public synchronized int pending() {
        return pending.size();
    }

    private void write(String line) {
        try {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write outbox " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
