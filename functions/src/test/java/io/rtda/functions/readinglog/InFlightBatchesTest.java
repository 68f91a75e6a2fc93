package io.rtda.functions.readinglog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rtda.accelerator.reading.ReadingBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint taken while a logged batch's alert rules still run replays that batch after a crash, without
 * waiting for it. Before, the mark fell after such a batch: a crash then neither replayed it nor evaluated it (a
 * review found 1,658 of 2,000 firings never sent after kill -9 during an alert storm with checkpoints every 0.3 s);
 * making the mark wait for it instead held small requests behind big batches (p99 0.04 s to 0.5 s).
 */
class InFlightBatchesTest {
    @TempDir
    Path dir;

    private static ReadingBatch batch(String stream) {
        ReadingBatch batch = new ReadingBatch(1);
        batch.add(0, stream, 1_000, 1.0, null);
        return batch;
    }

    @Test
    void shouldReplayFromTheOldestSegmentABatchInFlightWasLoggedIn() throws IOException {
        try (ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            InFlightBatches inFlight = new InFlightBatches(log);
            long done = inFlight.enter();
            log.awaitDurable(log.append(batch("done"), List.of(), 1));
            inFlight.leave(done); // applied, logged, evaluated
            long slow = inFlight.enter();
            log.awaitDurable(log.append(batch("slow"), List.of(), 2)); // logged; its rules still run
            long mark = inFlight.mark();
            assertEquals(1, mark, "the segment of the batch whose rules had not run, not the new one");
            log.awaitDurable(log.append(batch("after"), List.of(), 3));
            inFlight.leave(slow);
            assertEquals(List.of("done", "slow", "after"), replayed(log, mark), "replayed: slow among them");
            long next = inFlight.mark();
            assertEquals(3, next, "nothing in flight: a new segment");
            assertEquals(List.of(), replayed(log, next));
        }
    }

    @Test
    void shouldTakeNoMoreBatchesWhenDrainingAndWaitForThoseInFlight() throws Exception {
        InFlightBatches inFlight = new InFlightBatches(null);
        long running = inFlight.enter();
        CompletableFuture<Integer> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return inFlight.drain(10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThrows(IllegalStateException.class,
                inFlight::enter, "no new batch once draining"));
        assertFalse(drained.isDone(), "waits for the batch still running its rules");
        inFlight.leave(running);
        assertEquals(0, drained.get(5, TimeUnit.SECONDS));
        InFlightBatches stuck = new InFlightBatches(null);
        stuck.enter();
        assertEquals(1, stuck.drain(50), "gives up after the timeout and says how many still run");
    }

    private static List<String> replayed(ReadingLog log, long mark) throws IOException {
        List<String> streams = new ArrayList<>();
        log.replay(mark, e -> streams.add(e.batch().stream(0)));
        return streams;
    }
}
