package io.rtda.functions.groupcommit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.functions.alert.AlertState;
import io.rtda.functions.alert.AlertTransition;
import io.rtda.functions.alerting.AlertJournal;
import io.rtda.functions.outbox.Outbox;
import io.rtda.functions.outbox.OutboxEntry;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scopes on two threads share the alert journal and an outbox (an ingest batch and the rules tick): the
 * courier must never get an entry whose journal line the journal's last force did not cover. A review found
 * thread A's entry released by thread B's outbox force when A wrote between B's journal force and B's outbox
 * force; the writes now wait for a force sequence in progress.
 */
class JournalOutboxOrderTest {
    @TempDir
    Path dir;

    private static AlertTransition transition(String alert) {
        return new AlertTransition(alert, 1, "rule", "stream", AlertState.PENDING, AlertState.FIRING, 1L, "warning",
                1.0, "value > 0", Map.of(), null, Map.of(), Map.of());
    }

    @Test
    void shouldNotLetAnotherScopesForceReleaseAnEntryWhoseJournalLineWasWrittenAfterTheJournalForce()
            throws Exception {
        AlertJournal journal = new AlertJournal(dir.resolve("alerts.journal"), new ObjectMapper());
        Outbox outbox = new Outbox(dir.resolve("rabbitmq.journal"));
        CountDownLatch aWrote = new CountDownLatch(1);
        CountDownLatch aMayEnd = new CountDownLatch(1);
        Thread a = new Thread(() -> GroupCommit.run(() -> {
            AlertTransition t = transition("A"); // the listeners in RuleEngine's order: journal, then outbox
            journal.append(t);
            outbox.append("key", t.eventId(), "type", "time", "{}");
            aWrote.countDown();
            try {
                aMayEnd.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "ingest-a");
        boolean[] aWroteDuringTheForces = {true};
        GroupCommit.run(() -> {
            AlertTransition t = transition("B");
            journal.append(t);
            // B's forces run journal, this, outbox: A is let loose between B's journal force and its outbox force
            GroupCommit.deferForce(() -> {
                a.start();
                try {
                    aWroteDuringTheForces[0] = aWrote.await(500, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            outbox.append("key", t.eventId(), "type", "time", "{}");
        });
        assertFalse(aWroteDuringTheForces[0], "A's writes wait until B's force sequence is over");
        OutboxEntry first = outbox.next(0);
        assertNotNull(first);
        assertEquals(transition("B").eventId(), first.id());
        outbox.ack(first.seq());
        aWrote.await(10, TimeUnit.SECONDS);
        assertNull(outbox.next(0), "A's entry waits for A's own journal force");
        aMayEnd.countDown();
        a.join();
        OutboxEntry second = outbox.next(0);
        assertEquals(transition("A").eventId(), second.id(), "released by A's scope, after its journal force");
    }
}
