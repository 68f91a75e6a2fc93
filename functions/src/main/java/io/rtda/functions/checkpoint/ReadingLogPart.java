package io.rtda.functions.checkpoint;

import io.rtda.functions.readinglog.ReadingLog;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Where the readings log is to be replayed from: written first, before the windows are copied, it starts a new
 * log segment ({@link ReadingLog#mark()}), so every reading in the segments before it is in the windows written
 * after it. Once the checkpoint is committed the log may delete what no checkpoint needs.
 */
public final class ReadingLogPart implements CheckpointPart {
    private final ReadingLog log;
    private final Marker marker;
    private long mark = -1;

    /** Makes the mark a checkpoint replays from. */
    @FunctionalInterface
    public interface Marker {
        long mark() throws IOException;
    }

    /** @param log the log to mark, or null when restoring only */
    public ReadingLogPart(ReadingLog log) {
        this(log, log == null ? null : log::mark);
    }

    /**
     * @param marker makes the mark: {@link ReadingLog#mark()}, or an earlier segment where a batch logged there has
     *               not finished (its alert rules still run), so that a crash after the checkpoint replays it
     */
    public ReadingLogPart(ReadingLog log, Marker marker) {
        this.log = log;
        this.marker = marker;
    }

    @Override
    public String name() {
        return "readings-log";
    }

    /** The segment to replay from, as written or read by the last call; -1 before either. */
    public long mark() {
        return mark;
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        mark = marker.mark();
        out.writeLong(mark);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        mark = in.readLong();
        if (mark < 1) {
            throw new IOException("readings log mark " + mark + " is not a segment number");
        }
    }

    @Override
    public void committed() {
        if (mark >= 0) {
            log.committed(mark);
        }
    }
}
