package io.rtda.functions.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.rtda.functions.groupcommit.GroupCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path dir;

    private static OutboxEntry add(Outbox o, String id) {
        return o.append("key." + id, id, "t", "2026-11-27T10:00:00Z", "{\"id\":\"" + id + "\"}");
    }

    @Test
    void shouldRedeliverUnacknowledgedEntriesInOrderAfterReopening() throws Exception {
        Path file = dir.resolve("a.journal");
        try (Outbox o = new Outbox(file)) {
            add(o, "1");
            add(o, "2");
            add(o, "3");
            o.ack(o.next(0).seq());
        }
        Files.writeString(file, "E\t4\tkey.torn\t4\tt\t2026", StandardOpenOption.APPEND);
        try (Outbox o = new Outbox(file)) {
            assertEquals(2, o.pending(), "the torn last line is not an entry");
            OutboxEntry e = o.next(0);
            assertEquals("2", e.id());
            assertEquals("key.2", e.address());
            assertEquals("{\"id\":\"2\"}", e.payload());
            o.ack(e.seq());
            assertEquals("3", o.next(0).id());
            OutboxEntry added = add(o, "5");
            assertTrue(added.seq() > e.seq(), "sequence numbers keep growing after a restart");
        }
        try (Outbox o = new Outbox(file)) {
            o.ack(o.next(0).seq());
            assertEquals("5", o.next(0).id(), "the entry written after the torn line was cut off is readable");
        }
    }

    /**
     * A crash can cut the last line anywhere. Cut inside the payload, an entry line still has all its fields;
     * it was never forced, so never handed to the courier, and must not come back with half a payload (nor
     * count as known, so the alert journal's re-queue sends it whole). Cut inside an acknowledgement, the line
     * must not stop the outbox from opening.
     */
    @Test
    void shouldIgnoreALastLineTornInsideItsPayloadOrAnAcknowledgement() throws Exception {
        Path file = dir.resolve("torn.journal");
        try (Outbox o = new Outbox(file)) {
            add(o, "1");
        }
        Files.writeString(file, "E\t2\tkey.2\t2\tt\t2026-11-27T10:00:00Z\t{\"id\":", StandardOpenOption.APPEND);
        try (Outbox o = new Outbox(file)) {
            assertEquals(1, o.pending(), "the torn entry is not restored");
            assertFalse(o.knew("2"), "the torn entry's id is not known: its transition is queued again whole");
            assertTrue(o.knew("1"));
            o.ack(o.next(0).seq());
        }
        Files.writeString(file, "A\t", StandardOpenOption.APPEND);
        try (Outbox o = new Outbox(file)) {
            assertEquals(0, o.pending());
            add(o, "3");
        }
        try (Outbox o = new Outbox(file)) {
            assertEquals("3", o.next(0).id(), "the entry after the cut acknowledgement is readable");
        }
    }

    @Test
    void shouldRefuseAckOutOfOrderAndFieldsThatBreakTheJournal() throws Exception {
        try (Outbox o = new Outbox(dir.resolve("b.journal"))) {
            add(o, "1");
            add(o, "2");
            assertThrows(IllegalStateException.class, () -> o.ack(2));
            assertThrows(IllegalArgumentException.class, () -> o.append("k", "x\ty", "t", "now", "{}"));
            assertNull(new Outbox(dir.resolve("c.journal")).next(10), "an empty outbox yields nothing");
        }
    }

    @Test
    void shouldRetryWithBackoffUntilConfirmedAndKeepOrder() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<String> delivered = new CopyOnWriteArrayList<>();
        Outbox o = new Outbox(dir.resolve("d.journal"));
        try (OutboxCourier courier = new OutboxCourier("test", o, e -> {
            if (attempts.incrementAndGet() <= 3) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            delivered.add(e.id());
            return CompletableFuture.completedFuture(null);
        }, 1, 4, 1000)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(add(o, "m" + i).id());
            }
            courier.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (delivered.size() < 5 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            assertEquals(ids, delivered);
            assertEquals(3, courier.failures());
            assertEquals(0, o.pending());
        }
        String journal = Files.readString(dir.resolve("d.journal"), StandardCharsets.UTF_8);
        assertTrue(journal.contains("A\t5"), journal);
    }

    @Test
    void shouldHandAGroupCommitsEntriesToTheCourierOnlyAfterItsOneForce() throws Exception {
        Path file = dir.resolve("group.journal");
        try (Outbox o = new Outbox(file)) {
            GroupCommit.run(() -> {
                for (int i = 1; i <= 3; i++) {
                    add(o, String.valueOf(i));
                }
                try {
                    assertNull(o.next(0), "not for the courier before the force");
                    assertEquals(3, readLines(file).size(), "written already");
                } catch (InterruptedException | java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                assertEquals(3, o.pending(), "counted as waiting");
            });
            List<String> ids = new ArrayList<>();
            for (OutboxEntry e = o.next(0); e != null; e = o.next(0)) {
                ids.add(e.id());
                o.ack(e.seq());
            }
            assertEquals(List.of("1", "2", "3"), ids, "in order, after the scope");
        }
        try (Outbox reopened = new Outbox(file)) {
            assertEquals(0, reopened.pending(), "acknowledged (written, not forced: a crash would redeliver)");
        }
    }

    private static List<String> readLines(Path file) throws java.io.IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
