package io.rtda.functions.readinglog;

import io.rtda.accelerator.ingest.Rejection;
import io.rtda.accelerator.reading.ReadingBatch;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.jboss.logging.Logger;

/**
 * The readings applied since the latest checkpoint, so that a reading answered "accepted" survives a crash: the
 * windows are restored from the checkpoint and these are applied again. Segment files {@code <seq>.log} in one
 * directory; each entry is one applied batch (its arrival time and the records the windows did not refuse),
 * framed by length and CRC32 so a write torn by a crash ends the replay there. A checkpoint starts a new segment
 * ({@link #mark()}) before it copies the windows, so every segment before the mark is in the checkpoint; once the
 * checkpoint after that one is committed, they are deleted (one checkpoint of slack, for a restore that falls
 * back to the previous checkpoint).
 *
 * <p>Durability is a group commit: {@link #append} writes the entry and returns where it ends;
 * {@link #awaitDurable} returns once the file is forced past that point. One caller forces at a time, and
 * every entry written before its force is covered by it, so concurrent requests share one {@code fsync}. With
 * {@link Sync#WRITE} entries are written but never forced: they survive the process being killed, not the
 * machine losing power. One owner (the analysis service). Thread-safe.
 */
public final class ReadingLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReadingLog.class);
    private static final String SUFFIX = ".log";
    private static final int MAX_ENTRY = 256 << 20;

    /** How far an entry is on its way to the disk before the batch is answered. */
    public enum Sync {
        /** Forced to the device (fsync) before the answer: survives a power loss. */
        FSYNC,
        /** Written to the operating system before the answer: survives the process dying, not the machine. */
        WRITE
    }

    private final Path directory;
    private final Sync sync;
    private final Object forcing = new Object();
    private FileChannel channel;
    private long segment;
    private long written;
    private volatile long durable;
    private long keepFrom = -1;
    /** Positions (after, up to] of entries in segments abandoned unforced: never durable. Guarded by forcing. */
    private final ArrayDeque<long[]> lost = new ArrayDeque<>();
    private final AtomicLong forces = new AtomicLong();
    /** Bytes in segment files: counted as entries are written, recounted from the disk after each deletion. */
    private final AtomicLong held = new AtomicLong();
    private final long maxBytes;
    /** When a checkpoint last let the log delete segments; 0 before the first since the log was opened. */
    private volatile long lastCommitted;

    /** An unbounded log; see {@link #ReadingLog(Path, Sync, long)}. */
    public ReadingLog(Path directory, Sync sync) throws IOException {
        this(directory, sync, Long.MAX_VALUE);
    }

    /**
     * Opens the log in {@code directory} (made when the first entry is written); new entries go to a segment
     * after every segment already there (a segment a crash may have torn is never appended to).
     *
     * @param maxBytes the most the segment files may hold before {@link #requireRoom} refuses new batches: the log
     *                 shrinks only when checkpoints commit, so it bounds the disk a checkpoint outage can fill
     */
    public ReadingLog(Path directory, Sync sync, long maxBytes) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the readings log's size bound must be positive, was " + maxBytes);
        }
        this.directory = directory;
        this.sync = sync;
        this.maxBytes = maxBytes;
        List<Long> existing = segments(); // the directory is made with the first segment, not before

        this.segment = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
        this.held.set(Math.max(0, sizeOnDisk()));
    }

    public Path directory() {
        return directory;
    }

    /**
     * Writes the records of {@code batch} that are not in {@code rejected} as one entry (nothing when none
     * are left); returns the position {@link #awaitDurable} waits for.
     *
     * @param rejected the batch's refused records, by ascending source index
     * @throws IOException when the entry could not be written (the readings are applied but not logged)
     */
    public long append(ReadingBatch batch, List<Rejection> rejected, long arrival) throws IOException {
        byte[] entry = encode(batch, rejected, arrival);
        if (entry == null) {
            return 0;
        }
        synchronized (this) {
            try {
                if (channel == null) {
                    channel = openSegment(segment);
                }
                ByteBuffer buffer = ByteBuffer.wrap(entry);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                abandonSegment();
                held.set(Math.max(held.get(), sizeOnDisk())); // a cut-short write leaves its partial bytes behind
                throw e;
            }
            written += entry.length;
            held.addAndGet(entry.length);
            return written;
        }
    }

    /**
     * After a failed write or force: the segment may end in a partial entry, which ends its replay, so later
     * entries go to a new segment.
     */
    private void abandonSegment() {
        if (channel == null) {
            return;
        }
        synchronized (lost) {
            lost.addLast(new long[] {durable, written});
            if (lost.size() > 64) {
                lost.removeFirst(); // a waiter calls right after its append, so only recent ranges matter
            }
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that is left to do with it
        }
        channel = null;
        segment++;
    }

    /**
     * Refuses a batch while the segment files hold {@code maxBytes} or more, before anything of it is applied.
     * The bound is soft: the batch that crosses it is still written.
     *
     * @throws LogFullException naming the size, the bound and the last checkpoint that let the log shrink
     */
    public void requireRoom() throws LogFullException {
        long size = held.get();
        if (size >= maxBytes) {
            long last = lastCommitted;
            throw new LogFullException("the readings log in " + directory + " holds " + size + " bytes, at its "
                    + "bound of " + maxBytes + " bytes (rtda.checkpoint.readings-log-max-size). Each committed "
                    + "checkpoint deletes the segments the one before it covered, so two commits free a backlog; "
                    + (last == 0 ? "none has committed since this process started"
                            : "the last committed at " + Instant.ofEpochMilli(last))
                    + ". If checkpoints fail, RTDA-CKP-005 in the server log says why; if they commit, the two to "
                    + "three checkpoint intervals of readings the log holds exceed the bound: raise it or shorten "
                    + "rtda.checkpoint.interval");
        }
    }

    /** {@link #requireRoom} refused a batch: the log is at its size bound. */
    public static final class LogFullException extends IOException {
        private static final long serialVersionUID = 1L;

        LogFullException(String message) {
            super(message);
        }
    }

    /** Returns once every entry up to {@code position} is as durable as {@link Sync} says. */
    public void awaitDurable(long position) throws IOException {
        if (sync != Sync.FSYNC || position == 0) {
            return;
        }
        synchronized (forcing) {
            synchronized (lost) {
                for (long[] range : lost) {
                    if (position > range[0] && position <= range[1]) {
                        throw new IOException("the entry was in a segment abandoned after a failed write or force");
                    }
                }
            }
            if (durable >= position) {
                return; // another caller's force covered this entry
            }
            FileChannel target;
            long upTo;
            synchronized (this) {
                target = channel;
                upTo = written;
            }
            if (target == null) {
                throw new IOException("the readings log in " + directory + " is closed");
            }
            try {
                target.force(false);
                forces.incrementAndGet();
            } catch (IOException e) {
                synchronized (this) {
                    if (channel == target) {
                        abandonSegment();
                    }
                }
                throw e;
            }
            durable = upTo;
        }
    }

    /**
     * Starts a new segment and returns its number: every entry in the segments before it was written before
     * this call, so after the batches of those entries were applied. A checkpoint takes the mark before it copies
     * the windows and replays from it.
     */
    public long mark() throws IOException {
        synchronized (forcing) {
            synchronized (this) {
                if (channel != null) {
                    closeSegment();
                    segment++;
                }
                return segment;
            }
        }
    }

    /** The segment new entries go to now; it only grows. */
    public synchronized long segment() {
        return segment;
    }

    /**
     * A checkpoint that replays from {@code mark} is committed: deletes the segments the checkpoint before it
     * no longer needs (those before that one's mark).
     */
    public void committed(long mark) {
        long deleteBelow;
        synchronized (this) {
            deleteBelow = keepFrom;
            keepFrom = mark;
        }
        lastCommitted = System.currentTimeMillis();
        if (deleteBelow < 0) {
            return;
        }
        try {
            for (long s : segments()) {
                if (s < deleteBelow) {
                    Files.deleteIfExists(file(s));
                }
            }
        } catch (IOException e) {
            LOG.warnf("RTDA-CKP-011 could not delete old segments of the readings log in %s (retried after the "
                    + "next checkpoint): %s", directory, e);
        }
        synchronized (this) {
            long size = sizeOnDisk(); // under the append lock, so no entry is counted twice or not at all
            if (size >= 0) {
                held.set(size);
            }
        }
    }

    /** Forces made for {@link #awaitDurable} since the log was opened (each covers every entry written before it). */
    public long forces() {
        return forces.get();
    }

    /** Bytes held in segment files now (what {@link #requireRoom} compares with its bound). */
    public long bytesOnDisk() {
        return held.get();
    }

    /** The segment files' sizes, listed; -1 when they cannot be. */
    private long sizeOnDisk() {
        long total = 0;
        try {
            for (long s : segments()) {
                total += Files.size(file(s));
            }
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
        return total;
    }

    /** What a replay found. */
    public record Replay(int segments, long entries, long readings, List<String> warnings) {
    }

    /**
     * Hands every entry of the segments from {@code fromMark} on (all segments when it is negative), oldest first,
     * to {@code apply} as a batch whose source indices are the records' positions in the entry. An entry that
     * cannot be read (torn by a crash, or damaged) ends its segment, with a warning. The segments read stay until
     * a checkpoint made after the replay no longer needs them.
     */
    public Replay replay(long fromMark, Consumer<Entry> apply) throws IOException {
        if (fromMark >= 0) {
            synchronized (this) {
                keepFrom = fromMark;
                if (channel == null && segment < fromMark) {
                    segment = fromMark; // new entries never go below the mark a checkpoint replays from
                }
            }
        }
        int count = 0;
        long entries = 0;
        long readings = 0;
        List<String> warnings = new ArrayList<>();
        for (long s : segments()) {
            if (s < fromMark) {
                continue;
            }
            count++;
            Path file = file(s);
            long size = Files.size(file);
            try (InputStream raw = Files.newInputStream(file);
                    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
                long offset = 0;
                while (offset < size) {
                    Entry entry;
                    try {
                        entry = readEntry(in);
                    } catch (EOFException e) {
                        warnings.add(file.getFileName() + " ends with an incomplete entry at byte " + offset
                                + " (a write torn by a crash; its batch was never answered)");
                        break;
                    } catch (IOException e) {
                        warnings.add(file.getFileName() + " has an unreadable entry at byte " + offset + ": "
                                + e.getMessage() + "; the rest of this segment is skipped");
                        break;
                    }
                    offset += entry.bytes();
                    apply.accept(entry);
                    entries++;
                    readings += entry.batch().size();
                }
            }
        }
        return new Replay(count, entries, readings, warnings);
    }

    /** One logged batch: when it arrived and its records. */
    public record Entry(long arrival, ReadingBatch batch, int bytes) {
    }

    @Override
    public void close() throws IOException {
        synchronized (forcing) {
            synchronized (this) {
                if (channel != null) {
                    closeSegment();
                }
            }
        }
    }

    /** Forces (per {@link Sync}) and closes the open segment; the caller holds both locks. */
    private void closeSegment() throws IOException {
        if (sync == Sync.FSYNC) {
            channel.force(false);
        }
        channel.close();
        channel = null;
        durable = written;
    }

    private static byte[] encode(ReadingBatch batch, List<Rejection> rejected, long arrival) {
        int kept = batch.size() - rejected.size();
        if (kept <= 0) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + kept * 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0); // length, filled in below
            out.writeInt(0); // CRC32 of the payload
            out.writeLong(arrival);
            out.writeInt(kept);
            int r = 0;
            for (int i = 0; i < batch.size(); i++) {
                int source = batch.sourceIndex(i);
                while (r < rejected.size() && rejected.get(r).index() < source) {
                    r++;
                }
                if (r < rejected.size() && rejected.get(r).index() == source) {
                    continue;
                }
                out.writeUTF(batch.stream(i));
                out.writeLong(batch.timestamp(i));
                out.writeDouble(batch.value(i));
                Map<String, String> tags = batch.tags(i);
                out.writeInt(tags == null ? 0 : tags.size());
                if (tags != null) {
                    for (Map.Entry<String, String> tag : tags.entrySet()) {
                        out.writeUTF(tag.getKey());
                        out.writeUTF(tag.getValue());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        byte[] entry = bytes.toByteArray();
        ByteBuffer frame = ByteBuffer.wrap(entry);
        CRC32 crc = new CRC32();
        crc.update(entry, 8, entry.length - 8);
        frame.putInt(0, entry.length - 8);
        frame.putInt(4, (int) crc.getValue());
        return entry;
    }

    /** The next entry; EOFException when the segment ends inside it. */
    private static Entry readEntry(DataInputStream in) throws IOException {
        int length = in.readInt();
        int crc = in.readInt();
        if (length < 12 || length > MAX_ENTRY) {
            throw new IOException("entry length " + length + " is impossible");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        CRC32 check = new CRC32();
        check.update(payload);
        if ((int) check.getValue() != crc) {
            throw new IOException("CRC32 mismatch");
        }
        DataInputStream data = new DataInputStream(new ByteArrayInputStream(payload));
        long arrival = data.readLong();
        int count = data.readInt();
        ReadingBatch batch = new ReadingBatch(count);
        for (int i = 0; i < count; i++) {
            String stream = data.readUTF();
            long ts = data.readLong();
            double value = data.readDouble();
            int tagCount = data.readInt();
            Map<String, String> tags = tagCount == 0 ? null : new HashMap<>();
            for (int t = 0; t < tagCount; t++) {
                tags.put(data.readUTF(), data.readUTF());
            }
            batch.add(i, stream, ts, value, tags);
        }
        return new Entry(arrival, batch, length + 8);
    }

    private FileChannel openSegment(long seq) throws IOException {
        Files.createDirectories(directory);
        FileChannel opened = FileChannel.open(file(seq), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (sync == Sync.FSYNC) {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true); // the new file's directory entry, so a power loss does not lose the whole file
            } catch (IOException e) {
                LOG.debugf("cannot force directory %s: %s", directory, e);
            }
        }
        return opened;
    }

    private Path file(long seq) {
        return directory.resolve(String.format("%016d%s", seq, SUFFIX));
    }

    private List<Long> segments() throws IOException {
        List<Long> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX)).forEach(n -> {
                try {
                    found.add(Long.parseLong(n.substring(0, n.length() - SUFFIX.length())));
                } catch (NumberFormatException e) {
                    LOG.warnf("RTDA-CKP-011 %s in %s is not a readings log segment; ignored", n, directory);
                }
            });
        }
        found.sort(null);
        return found;
    }
}
