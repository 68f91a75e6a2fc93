package io.rtda.functions.readinglog;

import java.io.IOException;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The batches between being applied and their alert rules having run, by the readings log segment each was logged
 * in or after. A checkpoint replays from the oldest of them ({@link #mark}): a batch logged before the checkpoint
 * whose rules had not run when it was taken is then replayed and evaluated after a crash, and the checkpoint does
 * not wait for it. Thread-safe.
 */
public final class InFlightBatches {
    private final ReadingLog log;
    /** Segment to the number of batches in flight that started while it was the current one. */
    private final TreeMap<Long, Integer> bySegment = new TreeMap<>();
    private boolean closed;

    /** @param log the readings log, or null when there is none (the batches are still counted, for a drain) */
    public InFlightBatches(ReadingLog log) {
        this.log = log;
    }

    /**
     * A batch starts (before it is applied); returns the token for {@link #leave}.
     *
     * @throws StoppingException after {@link #drain}: the process is stopping
     */
    public synchronized long enter() {
        if (closed) {
            throw new StoppingException();
        }
        long segment = log == null ? 0 : log.segment(); // its entry goes to this segment or a later one
        bySegment.merge(segment, 1, Integer::sum);
        return segment;
    }

    /** {@link #enter} after {@link #drain}: the process is stopping. */
    public static final class StoppingException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StoppingException() {
            super("the server is stopping");
        }
    }

    /** The batch of {@code token} is done: applied, logged (or refused) and its rules have run. */
    public synchronized void leave(long token) {
        bySegment.computeIfPresent(token, (s, n) -> n == 1 ? null : n - 1);
        if (bySegment.isEmpty()) {
            notifyAll();
        }
    }

    /**
     * Takes no more batches and waits up to {@code timeoutMs} for those in flight to finish; returns how many are
     * still running (0 when all finished). At shutdown, before the final checkpoint: a batch still running its
     * rules after the services stopped would find them gone.
     */
    public synchronized int drain(long timeoutMs) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!bySegment.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return bySegment.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** A checkpoint's mark: a new segment ({@link ReadingLog#mark()}), or the oldest one a batch in flight uses. */
    public synchronized long mark() throws IOException {
        long mark = log.mark();
        return bySegment.isEmpty() ? mark : Math.min(mark, bySegment.firstKey());
    }
}
