package io.rtda.functions.dashboard;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One connection's position on the board: the first call answers a snapshot, later calls the streams that
 * changed since the previous answer, or nothing. Called by one thread at a time (the connection's send
 * schedule); never blocks the board.
 */
public final class BoardCursor {
    private final StreamBoard board;
    private final Predicate<String> selected;
    private final long heartbeatEvery;
    private long sent = -1;
    private long idle;

    /**
     * @param board          the board
     * @param streams        the streams to follow; empty for all
     * @param heartbeatEvery send a heartbeat after this many calls without changes (keeps proxies from closing
     *                       an idle connection)
     */
    public BoardCursor(StreamBoard board, Set<String> streams, long heartbeatEvery) {
        this.board = board;
        this.selected = streams.isEmpty() ? s -> true : streams::contains;
        this.heartbeatEvery = heartbeatEvery;
    }

    /** The next message, or null when there is nothing to send now. */
    public BoardMessage next() {
        if (sent < 0) {
            StreamBoard.Frames all = board.snapshot(selected);
            sent = all.version();
            return message(BoardMessage.SNAPSHOT, all);
        }
        StreamBoard.Frames changed = board.since(sent, selected);
        sent = changed.version();
        if (!changed.frames().isEmpty()) {
            idle = 0;
            return message(BoardMessage.FRAMES, changed);
        }
        if (++idle >= heartbeatEvery) {
            idle = 0;
            return new BoardMessage(BoardMessage.HEARTBEAT, sent, board.streams(), board.ignoredUpdates(), List.of());
        }
        return null;
    }

    private BoardMessage message(String type, StreamBoard.Frames frames) {
        return new BoardMessage(type, frames.version(), board.streams(), board.ignoredUpdates(), frames.frames());
    }
}
