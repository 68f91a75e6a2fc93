package io.rtda.functions.readinglog;

import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.ingest.Rejection;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.reading.ReadingBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Applies the readings log onto restored windows at start. The logged readings are applied in event-time order
 * (stable, so a stream's equal times keep their log order): concurrent requests can reach the log in the other
 * order than they reached the windows, and a reading stored within the late tolerance of a newer one must not
 * meet that newer one first. Readings the checkpoint already holds are exact duplicates, kept once; readings
 * whose window moved past them since are refused as late, as they would be evicted.
 */
public final class LogReplay {
    private static final Logger LOG = Logger.getLogger(LogReplay.class);
    private static final int CHUNK = 65_536;

    private final WindowEngine<?> engine;
    private final ReadingLog log;
    private final Consumer<Boolean> replaying;

    /** @param replaying told true before the first batch is applied and false after the last */
    public LogReplay(WindowEngine<?> engine, ReadingLog log, Consumer<Boolean> replaying) {
        this.engine = engine;
        this.log = log;
        this.replaying = replaying;
    }

    /** What was replayed. */
    public record Outcome(long readings, long stored, long duplicates, long refused) {
    }

    /**
     * Replays the segments from {@code mark} on (all of them when it is negative: no checkpoint was restored).
     * Logs what it did; a log that cannot be read is logged and skipped, never fatal.
     */
    public Outcome replay(long mark) {
        long start = System.nanoTime();
        List<ReadingLog.Entry> entries = new ArrayList<>();
        ReadingLog.Replay read;
        try {
            read = log.replay(mark, entries::add);
        } catch (IOException e) {
            LOG.errorf("RTDA-CKP-010 cannot read the readings log in %s; the readings since the checkpoint are "
                    + "not restored: %s", log.directory(), e);
            return new Outcome(0, 0, 0, 0);
        }
        read.warnings().forEach(w -> LOG.warnf("RTDA-CKP-010 readings log: %s", w));
        if (read.readings() == 0) {
            return new Outcome(0, 0, 0, 0);
        }
        Outcome outcome;
        replaying.accept(true);
        try {
            outcome = apply(entries, (int) read.readings());
        } finally {
            replaying.accept(false);
        }
        LOG.infof("RTDA-CKP-010 replayed %d readings of %d batches from the readings log (%d segments) in %d ms: "
                + "%d stored, %d already in the checkpoint, %d refused (older than their window holds)",
                outcome.readings(), read.entries(), read.segments(), (System.nanoTime() - start) / 1_000_000,
                outcome.stored(), outcome.duplicates(), outcome.refused());
        return outcome;
    }

    private Outcome apply(List<ReadingLog.Entry> entries, int total) {
        long[] times = new long[total];
        int[] entryOf = new int[total];
        int[] recordOf = new int[total];
        int n = 0;
        for (int e = 0; e < entries.size(); e++) {
            ReadingBatch batch = entries.get(e).batch();
            for (int i = 0; i < batch.size(); i++) {
                times[n] = batch.timestamp(i);
                entryOf[n] = e;
                recordOf[n] = i;
                n++;
            }
        }
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b])); // stable
        long stored = 0;
        long duplicates = 0;
        long refused = 0;
        ReadingBatch chunk = new ReadingBatch(Math.min(n, CHUNK));
        for (int from = 0; from < n; from += CHUNK) {
            chunk.clear();
            int to = Math.min(n, from + CHUNK);
            for (int k = from; k < to; k++) {
                ReadingBatch batch = entries.get(entryOf[order[k]]).batch();
                int i = recordOf[order[k]];
                chunk.add(k - from, batch.stream(i), batch.timestamp(i), batch.value(i), batch.tags(i));
            }
            BatchResult result = engine.replay(chunk);
            stored += result.accepted();
            duplicates += result.duplicates();
            refused += result.rejected().size();
            if (!result.rejected().isEmpty()) {
                Rejection first = result.rejected().get(0);
                LOG.debugf("RTDA-CKP-010 %d replayed readings refused, first: %s", result.rejected().size(),
                        first.reason());
            }
        }
        return new Outcome(n, stored, duplicates, refused);
    }
}
