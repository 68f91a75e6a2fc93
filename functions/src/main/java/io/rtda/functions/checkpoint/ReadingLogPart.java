package io.rtda.functions.checkpoint;

import io.rtda.functions.readinglog.ReadingLog;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.locks.Lock;

/**
 * Where the readings log is to be replayed from: written first, before the windows are copied, it starts a new
 * log segment ({@link ReadingLog#mark()}), so every reading in the segments before it is in the windows written
 * after it. Once the checkpoint is committed the log may delete what no checkpoint needs.
 */
public final class ReadingLogPart implements CheckpointPart {
    private final ReadingLog log;
    private final Lock gate;
    private long mark = -1;

    /** @param log the log to mark, or null when restoring only */
    public ReadingLogPart(ReadingLog log) {
        this(log, null);
    }

    /**
     * @param gate taken while the mark is made: held by the log's owner from before a batch is applied until its
     *             alert rules have run, so a mark never falls between a logged batch and its evaluation (a crash
     *             after the checkpoint would replay neither); null when nothing needs to wait
     */
    public ReadingLogPart(ReadingLog log, Lock gate) {
        this.log = log;
        this.gate = gate;
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
        if (gate == null) {
            mark = log.mark();
        } else {
            gate.lock();
            try {
                mark = log.mark();
            } finally {
                gate.unlock();
            }
        }
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
