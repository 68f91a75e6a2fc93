package io.rtda.functions.readinglog;

import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.ingest.WindowEngine;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Applies the readings log onto restored windows at start, one logged batch at a time in log order, as they were
 * applied live ({@link WindowEngine#replay}): a learning detector is fed the same batches, and a stream's tags
 * end as the last logged batch left them. Two requests can reach the log in the other order than they reached
 * the windows; the replay places a reading by event time even when that is beyond the late tolerance, so such a
 * pair still ends in the same windows. Readings the checkpoint already holds are exact duplicates, kept once;
 * readings the window has moved past since are refused, as they would have been evicted. One entry is held in
 * memory at a time. The replay tells no observer: the caller has the rules look at the streams it touched once
 * everything is restored ({@link Outcome#streams()}).
 */
public final class LogReplay {
    private static final Logger LOG = Logger.getLogger(LogReplay.class);

    private final WindowEngine<?> engine;
    private final ReadingLog log;
    private final Consumer<Boolean> replaying;

    /** @param replaying told true before the first batch is applied and false after the last */
    public LogReplay(WindowEngine<?> engine, ReadingLog log, Consumer<Boolean> replaying) {
        this.engine = engine;
        this.log = log;
        this.replaying = replaying;
    }

    /** What was replayed, and the streams it touched. */
    public record Outcome(long readings, long stored, long duplicates, long refused, Set<String> streams) {
        public Outcome {
            streams = Set.copyOf(streams);
        }
    }

    /**
     * Replays the segments from {@code mark} on (all of them when it is negative: no checkpoint was restored).
     * Logs what it did; a log that cannot be read is logged and skipped, never fatal.
     */
    public Outcome replay(long mark) {
        long start = System.nanoTime();
        long[] counts = new long[4];
        Set<String> streams = new HashSet<>();
        ReadingLog.Replay read;
        replaying.accept(true);
        try {
            read = log.replay(mark, entry -> {
                BatchResult result = engine.replay(entry.batch());
                for (int i = 0; i < entry.batch().size(); i++) {
                    streams.add(entry.batch().stream(i));
                }
                counts[0] += entry.batch().size();
                counts[1] += result.accepted();
                counts[2] += result.duplicates();
                counts[3] += result.rejected().size();
                if (!result.rejected().isEmpty()) {
                    LOG.debugf("RTDA-CKP-010 %d replayed readings refused, first: %s", result.rejected().size(),
                            result.rejected().get(0).reason());
                }
            });
        } catch (IOException e) {
            LOG.errorf("RTDA-CKP-010 cannot read the readings log in %s; %d readings were replayed before, the rest "
                    + "since the checkpoint are not restored: %s", log.directory(), counts[0], e);
            return new Outcome(counts[0], counts[1], counts[2], counts[3], streams);
        } finally {
            replaying.accept(false);
        }
        read.warnings().forEach(w -> LOG.warnf("RTDA-CKP-010 readings log: %s", w));
        Outcome outcome = new Outcome(counts[0], counts[1], counts[2], counts[3], streams);
        if (read.entries() > 0) {
            LOG.infof("RTDA-CKP-010 replayed %d readings of %d batches from the readings log (%d segments) in %d "
                    + "ms: %d stored, %d already in the checkpoint, %d refused (older than their window holds)",
                    outcome.readings(), read.entries(), read.segments(), (System.nanoTime() - start) / 1_000_000,
                    outcome.stored(), outcome.duplicates(), outcome.refused());
        }
        return outcome;
    }
}
