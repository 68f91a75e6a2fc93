package io.rtda.functions.readinglog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.ingest.Rejection;
import io.rtda.accelerator.reading.ReadingBatch;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingLogTest {
    @TempDir
    Path dir;

    @Test
    void shouldReplayTheRecordsThatWereNotRefusedWithTagsAndArrival() throws IOException {
        try (ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            ReadingBatch batch = new ReadingBatch(3);
            batch.add(4, "plant/1:temp", 1_000, 20.5, Map.of("site", "north", "unit", "°C"));
            batch.add(7, "plant/1:temp", 2_000, -0.0, null);
            batch.add(9, "plant/2:temp", 3_000, Double.MAX_VALUE, null);
            long at = log.append(batch, List.of(new Rejection(7, "ts", "late")), 42L);
            log.awaitDurable(at);
        }
        List<ReadingLog.Entry> entries = replayAll(-1);
        assertEquals(1, entries.size());
        assertEquals(42L, entries.get(0).arrival());
        ReadingBatch back = entries.get(0).batch();
        assertEquals(2, back.size(), "the refused record is not logged");
        assertEquals("plant/1:temp", back.stream(0));
        assertEquals(1_000, back.timestamp(0));
        assertEquals(20.5, back.value(0));
        assertEquals(Map.of("site", "north", "unit", "°C"), back.tags(0));
        assertEquals("plant/2:temp", back.stream(1));
        assertEquals(Double.MAX_VALUE, back.value(1));
        assertNull(back.tags(1));
    }

    @Test
    void shouldWriteNothingForABatchWhoseRecordsWereAllRefused() throws IOException {
        try (ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            ReadingBatch batch = new ReadingBatch(1);
            batch.add(0, "a", 1, 1, null);
            assertEquals(0, log.append(batch, List.of(new Rejection(0, "ts", "late")), 1));
            log.awaitDurable(0);
        }
        assertEquals(List.of(), segmentFiles(), "no segment is made before the first entry");
    }

    @Test
    void shouldReplayFromAMarkAndDeleteSegmentsOnlyOnceTheNextCheckpointIsCommitted() throws IOException {
        try (ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            log.awaitDurable(log.append(batch("a", 1), List.of(), 1));
            long first = log.mark();
            assertEquals(first, log.mark(), "nothing written since: the same mark, no empty segment");
            log.awaitDurable(log.append(batch("b", 2), List.of(), 2));
            log.committed(first);
            assertEquals(2, segmentFiles().size(), "the checkpoint before may still be the one restored");
            long second = log.mark();
            log.awaitDurable(log.append(batch("c", 3), List.of(), 3));
            assertEquals(List.of("b", "c"), streams(replayAll(first)));
            assertEquals(List.of("c"), streams(replayAll(second)));
            log.committed(second);
            assertEquals(List.of("b", "c"), streams(replayAll(-1)), "the segment before the first mark is gone");
            assertTrue(log.bytesOnDisk() > 0);
        }
    }

    @Test
    void shouldStopASegmentAtAWriteTornByACrashAndGoOnWithTheNext() throws IOException {
        try (ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            log.awaitDurable(log.append(batch("a", 1), List.of(), 1));
            log.awaitDurable(log.append(batch("b", 2), List.of(), 2));
        }
        Path segment = segmentFiles().get(0);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(segment) - 3);
        }
        List<String> warnings = new ArrayList<>();
        List<ReadingLog.Entry> entries = new ArrayList<>();
        try (ReadingLog reopened = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            reopened.awaitDurable(reopened.append(batch("c", 3), List.of(), 3));
            ReadingLog.Replay replay = reopened.replay(-1, entries::add);
            warnings.addAll(replay.warnings());
            assertEquals(2, replay.segments(), "the reopened log writes a new segment, never after a torn entry");
        }
        assertEquals(List.of("a", "c"), streams(entries));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("incomplete entry at byte"), warnings.get(0));
    }

    @Test
    void shouldSkipTheRestOfASegmentWhoseEntryFailsItsChecksum() throws IOException {
        try (ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.WRITE)) {
            log.awaitDurable(log.append(batch("a", 1), List.of(), 1));
            log.awaitDurable(log.append(batch("b", 2), List.of(), 2));
            log.mark();
            log.awaitDurable(log.append(batch("c", 3), List.of(), 3));
        }
        Path first = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 2] ^= 0x55; // inside entry b's value
        Files.write(first, bytes);
        List<ReadingLog.Entry> entries = new ArrayList<>();
        ReadingLog.Replay replay;
        try (ReadingLog reopened = new ReadingLog(dir, ReadingLog.Sync.WRITE)) {
            replay = reopened.replay(-1, entries::add);
        }
        assertEquals(List.of("a", "c"), streams(entries));
        assertTrue(replay.warnings().get(0).contains("CRC32 mismatch"), replay.warnings().toString());
    }

    @Test
    void shouldKeepEveryEntryOfManyConcurrentWritersSharingForces() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long[] forces = new long[1];
        try (ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        log.awaitDurable(log.append(batch("t" + thread, i), List.of(), i));
                        if (thread == 0 && i % 50 == 49) {
                            log.mark(); // a checkpoint in between
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            forces[0] = log.forces();
        } finally {
            pool.shutdown();
        }
        List<ReadingLog.Entry> entries = replayAll(-1);
        assertEquals(1_600, entries.size());
        assertTrue(forces[0] <= 1_600, "at most one force per entry: " + forces[0]);
        for (int t = 0; t < 8; t++) {
            String stream = "t" + t;
            List<Long> times = entries.stream().filter(e -> e.batch().stream(0).equals(stream))
                    .map(e -> e.batch().timestamp(0)).toList();
            assertEquals(200, times.size(), stream);
            for (int i = 0; i < 200; i++) {
                assertEquals(i, times.get(i), "one writer's entries stay in its order");
            }
        }
    }

    @Test
    void shouldFailTheAppendWhenTheDirectoryCannotBeMade() throws IOException {
        Path blocked = dir.resolve("readings");
        Files.writeString(blocked, "a file where the directory should be");
        try (ReadingLog log = new ReadingLog(blocked, ReadingLog.Sync.FSYNC)) {
            assertThrows(IOException.class, () -> log.append(batch("a", 1), List.of(), 1));
            Files.delete(blocked);
            log.awaitDurable(log.append(batch("a", 2), List.of(), 2));
        }
        List<ReadingLog.Entry> entries = new ArrayList<>();
        try (ReadingLog reopened = new ReadingLog(blocked, ReadingLog.Sync.FSYNC)) {
            reopened.replay(-1, entries::add);
        }
        assertEquals(List.of(2L), entries.stream().map(e -> e.batch().timestamp(0)).toList(), "works once it can");
    }

    @Test
    void shouldNeverNumberANewSegmentBelowTheMarkItReplaysFrom() throws IOException {
        long mark;
        try (ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            log.awaitDurable(log.append(batch("a", 1), List.of(), 1));
            log.mark();
            log.committed(log.mark()); // idle checkpoints: no new segment, the same mark
            mark = log.mark();
            log.committed(mark);
            log.committed(mark); // and a third: segment 1 goes, and no segment is left
        }
        assertEquals(List.of(), segmentFiles());
        try (ReadingLog restarted = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            restarted.replay(mark, e -> { });
            restarted.awaitDurable(restarted.append(batch("b", 2), List.of(), 2));
        }
        assertEquals(List.of("b"), streams(replayAll(mark)), "written at or after the restored checkpoint's mark");
    }

    @Test
    void shouldNotCallAnEntryDurableWhenItsSegmentWasAbandonedUnforced() throws Exception {
        try (ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            long first = log.append(batch("b", 1), List.of(), 1);
            long second = log.append(batch("a", 2), List.of(), 2);
            java.lang.reflect.Field channel = ReadingLog.class.getDeclaredField("channel");
            channel.setAccessible(true);
            ((FileChannel) channel.get(log)).close(); // the next force fails, as on an I/O error
            assertThrows(IOException.class, () -> log.awaitDurable(second));
            log.awaitDurable(log.append(batch("c", 3), List.of(), 3)); // a new segment, forced
            assertThrows(IOException.class, () -> log.awaitDurable(first),
                    "its segment was never forced: not durable, whatever was forced since");
        }
    }

    @Test
    void shouldRefuseAtItsSizeBoundUntilCheckpointsLetItShrinkAndCountWhatARestartFinds() throws IOException {
        long entry;
        try (ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC, 100)) {
            entry = log.append(batch("a", 1), List.of(), 1);
            log.requireRoom();
            while (log.bytesOnDisk() < 100) {
                log.awaitDurable(log.append(batch("a", 2), List.of(), 2));
            }
            assertEquals(segmentBytes(), log.bytesOnDisk(), "counted as written");
            ReadingLog.LogFullException full = assertThrows(ReadingLog.LogFullException.class, log::requireRoom);
            assertTrue(full.getMessage().contains("at its bound of 100 bytes"), full.getMessage());
            assertTrue(full.getMessage().contains("none has committed since this process started"), full.getMessage());
            long first = log.mark();
            log.committed(first);
            full = assertThrows(ReadingLog.LogFullException.class, log::requireRoom,
                    "the segments before the first mark are the previous checkpoint's fallback");
            assertTrue(full.getMessage().contains("the last committed at 20"), full.getMessage());
            log.awaitDurable(log.append(batch("b", 3), List.of(), 3));
            log.committed(log.mark());
            log.requireRoom();
            assertEquals(entry, log.bytesOnDisk(), "only the entry after the first mark is left");
        }
        try (ReadingLog reopened = new ReadingLog(dir, ReadingLog.Sync.FSYNC, entry)) {
            assertEquals(entry, reopened.bytesOnDisk(), "a restarted log counts the segments it finds");
            assertThrows(ReadingLog.LogFullException.class, reopened::requireRoom);
        }
        assertThrows(IllegalArgumentException.class, () -> new ReadingLog(dir, ReadingLog.Sync.FSYNC, 0));
    }

    private long segmentBytes() throws IOException {
        long total = 0;
        for (Path file : segmentFiles()) {
            total += Files.size(file);
        }
        return total;
    }

    private static ReadingBatch batch(String stream, long ts) {
        ReadingBatch batch = new ReadingBatch(1);
        batch.add(0, stream, ts, ts * 0.5, null);
        return batch;
    }

    private List<ReadingLog.Entry> replayAll(long mark) throws IOException {
        List<ReadingLog.Entry> entries = new ArrayList<>();
        try (ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            log.replay(mark, entries::add);
        }
        return entries;
    }

    private static List<String> streams(List<ReadingLog.Entry> entries) {
        return entries.stream().map(e -> e.batch().stream(0)).toList();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }
}
