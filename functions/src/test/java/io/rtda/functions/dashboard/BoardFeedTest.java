package io.rtda.functions.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-connection send schedule: a rate ceiling, and a slow client that skips sends instead of queueing. */
class BoardFeedTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final StreamBoard board = new StreamBoard(100, 60);
    private final AtomicInteger skipped = new AtomicInteger();
    private final ScheduledExecutorService ingest = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        ingest.shutdownNow();
    }

    @Test
    void shouldSkipSendsForASlowClientThenSendOnlyTheNewestFrame() {
        board.observe(Snapshots.of("a", 0, 0, 0.1));
        board.publish();
        AssertSubscriber<BoardMessage> client = BoardFeed.messages(new BoardCursor(board, Set.of(), 1_000),
                Duration.ofMillis(20), skipped::incrementAndGet).subscribe().withSubscriber(AssertSubscriber.create(1));
        client.awaitItems(1, PATIENCE);
        assertEquals(BoardMessage.SNAPSHOT, client.getItems().get(0).type());

        // The client takes nothing more while 50 versions are published: the producer never waits for it.
        for (int i = 1; i <= 50; i++) {
            board.observe(Snapshots.of("a", i * 1_000L, i, 0.1));
            board.publish();
        }
        assertEquals(51, board.version());
        await().atMost(PATIENCE).until(() -> skipped.get() >= 5);
        assertEquals(1, client.getItems().size());

        client.request(1);
        client.awaitItems(2, PATIENCE);
        BoardMessage caughtUp = client.getItems().get(1);
        assertEquals(BoardMessage.FRAMES, caughtUp.type());
        assertEquals(1, caughtUp.frames().size(), "one frame per stream, not a backlog of 50");
        assertEquals(50.0, caughtUp.frames().get(0).last());
        assertEquals(51, caughtUp.version());
        client.cancel();
    }

    @Test
    void shouldSendNoMoreOftenThanItsIntervalWhileStreamsChangeContinuously() {
        AtomicLong t = new AtomicLong();
        ingest.scheduleAtFixedRate(() -> {
            long now = t.addAndGet(1_000);
            board.observe(Snapshots.of("a", now, now, 0.1));
            board.publish();
        }, 0, 2, TimeUnit.MILLISECONDS);
        Duration every = Duration.ofMillis(100);
        long start = System.nanoTime();
        AssertSubscriber<BoardMessage> client = BoardFeed.messages(new BoardCursor(board, Set.of(), 1_000), every,
                skipped::incrementAndGet).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        client.awaitItems(8, PATIENCE);
        long elapsed = System.nanoTime() - start;
        client.cancel();
        // The first message leaves at once, each later one on its own tick: 8 messages take at least 7 intervals.
        assertTrue(elapsed >= 7 * every.toNanos() * 9 / 10, "8 messages in " + elapsed / 1_000_000 + " ms");
        assertTrue(client.getItems().stream().skip(1).allMatch(m -> m.frames().size() == 1));
        assertEquals(0, skipped.get(), "a client that keeps up skips nothing");
    }
}
