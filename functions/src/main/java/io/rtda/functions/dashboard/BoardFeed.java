package io.rtda.functions.dashboard;

import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.Optional;

/**
 * One connection's messages as a Mutiny stream: a send schedule at the connection's rate whose ticks are
 * dropped while the subscriber has not asked for more (a slow client, a full socket), so nothing queues; each
 * tick that is taken asks the cursor for what changed since the previous send, so a client that skipped
 * ticks receives the newest frame of each changed stream rather than a backlog.
 */
public final class BoardFeed {
    private BoardFeed() {
    }

    /**
     * @param cursor  the connection's cursor (used by the schedule's thread only)
     * @param every   time between sends
     * @param skipped called for each tick dropped because the subscriber was not ready
     */
    public static Multi<BoardMessage> messages(BoardCursor cursor, Duration every, Runnable skipped) {
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(every)
                .onOverflow().invoke(tick -> skipped.run()).drop()
                .map(tick -> Optional.ofNullable(cursor.next()))
                .filter(Optional::isPresent)
                .map(Optional::get);
    }
}
