package io.rtda.functions.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.models.score.AnomalyScore;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamBoardTest {
    private final StreamBoard board = new StreamBoard(3, 4);

    @Test
    void shouldHandEachChangedStreamToAReaderOnceWithItsNewestFrame() {
        board.observe(Snapshots.of("a", 1_000, 1, 0.1));
        board.observe(Snapshots.of("b", 1_000, 2, 0.1));
        assertEquals(0, board.since(0, s -> true).frames().size(), "nothing is visible before a publish");
        assertEquals(2, board.publish());

        StreamBoard.Frames first = board.since(0, s -> true);
        assertEquals(1, first.version());
        assertEquals(List.of("a", "b"), streams(first));

        board.observe(Snapshots.of("a", 2_000, 3, 0.1));
        board.observe(Snapshots.of("a", 3_000, 4, 0.1));
        assertEquals(1, board.publish());
        assertEquals(0, board.publish(), "an unchanged board publishes nothing");
        StreamBoard.Frames second = board.since(first.version(), s -> true);
        assertEquals(List.of("a"), streams(second));
        assertEquals(4.0, second.frames().get(0).last());
        assertEquals(0, board.since(second.version(), s -> true).frames().size());
        assertEquals(List.of("b"), streams(board.since(0, "b"::equals)));
    }

    @Test
    void shouldCarryASpikeThatANormalReadingFollowedWithinOneInterval() {
        board.observe(Snapshots.of("a", 1_000, 10, 0.2));
        board.observe(Snapshots.of("a", 1_200, 10_000, 0.99999));
        board.observe(Snapshots.of("a", 1_400, 11, 0.3));
        board.publish();

        StreamFrame frame = board.since(0, s -> true).frames().get(0);
        assertEquals(11.0, frame.last());
        assertEquals(new StreamFrame.Peak(1_200, 10_000, 0.99999), frame.peak());

        board.observe(Snapshots.of("a", 1_600, 12, 0.9));
        board.publish();
        assertNull(board.since(1, s -> true).frames().get(0).peak(), "the newest update is the peak: no extra point");
    }

    @Test
    void shouldCarryTheFurthestOfSaturatedReadingsWhoseScoresTie() throws Exception {
        board.observe(Snapshots.of("a", 1_000, 70, 1.0, 30));
        board.observe(Snapshots.of("a", 1_100, 10_000, 1.0, 30));
        board.observe(Snapshots.of("a", 1_200, 80, 1.0, 30));
        board.observe(Snapshots.of("a", 1_300, 31, 0.3, 30));
        board.publish();
        assertEquals(10_000, board.since(0, s -> true).frames().get(0).peak().value(),
                "all three score 1; the one furthest outside the normal range is carried");

        board.observe(Snapshots.of("a", 1_400, 90, 1.0, 30));
        board.observe(Snapshots.of("a", 1_500, 32, 0.3, 30));
        board.publish();
        assertEquals(10_000, board.since(0, s -> true).frames().get(0).peak().value(),
                "a reader that skipped both publishes gets the furthest of their peaks");
        assertEquals(90, board.since(1, s -> true).frames().get(0).peak().value());
        assertEquals("{\"t\":1100,\"value\":10000.0,\"score\":1.0}", new ObjectMapper().writeValueAsString(
                board.since(0, s -> true).frames().get(0).peak()), "the rank is not sent to browsers");
    }

    @Test
    void shouldHandASlowReaderTheSpikeOfAPublishItSkipped() {
        board.observe(Snapshots.of("a", 1_000, 10, 0.2));
        board.publish(); // version 1: the reader sees it
        board.observe(Snapshots.of("a", 1_200, 10_000, 0.99999));
        board.publish(); // version 2: the spike is the newest value; the slow reader skips this publish
        board.observe(Snapshots.of("a", 1_400, 11, 0.3));
        board.publish(); // version 3

        StreamFrame slow = board.since(1, s -> true).frames().get(0);
        assertEquals(11.0, slow.last());
        assertEquals(new StreamFrame.Peak(1_200, 10_000, 0.99999), slow.peak(), "the skipped spike is carried");
        StreamFrame prompt = board.since(2, s -> true).frames().get(0);
        assertEquals(new StreamFrame.Peak(1_400, 11, 0.3), prompt.peak() == null
                ? new StreamFrame.Peak(prompt.t(), prompt.last(), prompt.score()) : prompt.peak(),
                "a reader that saw the spike gets no second copy of it");
        for (int i = 0; i < StreamBoard.RECENT_PEAKS; i++) {
            board.observe(Snapshots.of("a", 2_000 + i, 12, 0.1));
            board.publish();
        }
        StreamFrame late = board.since(1, s -> true).frames().get(0);
        assertEquals(0.1, late.peak().score(), "only the last " + StreamBoard.RECENT_PEAKS + " publishes are "
                + "remembered: the spike has left them");
    }

    @Test
    void shouldKeepTheNewestStateButCarryThePeakOfAnOlderSnapshotThatArrivesLate() {
        StreamBoard board = new StreamBoard(10, 60);
        StreamSnapshot<AnomalyScore> newer = readings(Snapshots.of("s", 2_000, 10, 0.01), 12);
        StreamSnapshot<AnomalyScore> older = readings(Snapshots.of("s", 1_000, 1000, 1.0, 10), 11);
        board.observe(newer); // batch B's observer ran first
        board.observe(older); // batch A's: its state is older, its spike is not
        board.publish();
        StreamFrame frame = board.since(0, s -> true).frames().get(0);
        assertEquals(10.0, frame.last(), "the newest state stays");
        assertEquals(List.of(1_000L, 1000.0, 1.0), point(frame.peak()));
        long version = board.version();
        board.observe(readings(Snapshots.of("s", 1_500, -900, 1.0, 10), 11)); // late, after the publish
        assertEquals(1, board.publish(), "a late peak alone is published");
        StreamFrame again = board.since(version, s -> true).frames().get(0);
        assertEquals(10.0, again.last());
        assertEquals(List.of(1_500L, -900.0, 1.0), point(again.peak()));
        assertEquals(1, board.snapshot(s -> true).frames().get(0).spark().length, "the same state is one value");
    }

    private static List<Object> point(StreamFrame.Peak p) {
        return List.of(p.t(), p.value(), p.score());
    }

    private static StreamSnapshot<AnomalyScore> readings(StreamSnapshot<AnomalyScore> s, long readings) {
        return new StreamSnapshot<>(s.stream(), s.updatedAt(), readings, s.stats(), s.analysis(), s.tags());
    }

    @Test
    void shouldKeepRecentValuesForSparklinesOldestFirst() {
        for (int i = 1; i <= 6; i++) {
            board.observe(Snapshots.of("a", i * 1_000L, i, 0.1));
            board.publish();
        }
        StreamFrame frame = board.snapshot(s -> true).frames().get(0);
        assertArrayEquals(new double[] {3, 4, 5, 6}, frame.spark());
        assertNull(board.since(0, s -> true).frames().get(0).spark(), "sparklines travel in snapshots only");
    }

    @Test
    void shouldFollowAtMostMaxStreamsAndCountTheRest() {
        for (String s : List.of("a", "b", "c", "d", "e")) {
            board.observe(Snapshots.of(s, 1_000, 1, 0.1));
        }
        board.publish();
        assertEquals(3, board.streams());
        assertEquals(2, board.ignoredUpdates());
        assertThrows(IllegalArgumentException.class, () -> new StreamBoard(0, 60));
    }

    private static List<String> streams(StreamBoard.Frames frames) {
        return frames.frames().stream().map(StreamFrame::stream).sorted(Comparator.naturalOrder()).toList();
    }
}
