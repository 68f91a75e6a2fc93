package io.rtda.functions.groupcommit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    @Test
    void shouldForceEachDeferringResourceOnceInTheOrderTheyFirstDeferredWhenTheWorkEnds() {
        List<String> forces = new ArrayList<>();
        GroupCommit.Deferred journal = () -> forces.add("journal");
        GroupCommit.Deferred outbox = () -> forces.add("outbox");
        int result = GroupCommit.call(() -> {
            for (int i = 0; i < 1_000; i++) {
                assertTrue(GroupCommit.deferForce(journal));
                assertTrue(GroupCommit.deferForce(outbox));
            }
            GroupCommit.run(() -> assertTrue(GroupCommit.deferForce(journal), "a nested scope joins the outer one"));
            assertEquals(List.of(), forces, "nothing forced before the work ends, nested scope included");
            return 42;
        });
        assertEquals(42, result);
        assertEquals(List.of("journal", "outbox"), forces);
        assertFalse(GroupCommit.deferForce(journal), "outside a scope the caller forces itself");
    }

    @Test
    void shouldForceTheOthersWhenOneFailsAndWhenTheWorkThrows() {
        List<String> forces = new ArrayList<>();
        RuntimeException thrown = new IllegalStateException("evaluation failed");
        RuntimeException caught = null;
        try {
            GroupCommit.run(() -> {
                GroupCommit.deferForce(() -> {
                    throw new IllegalStateException("disk gone");
                });
                GroupCommit.deferForce(() -> forces.add("outbox"));
                throw thrown;
            });
        } catch (RuntimeException e) {
            caught = e;
        }
        assertEquals(thrown, caught, "the work's own failure reaches the caller");
        assertEquals(List.of("outbox"), forces, "what was written is forced anyway");
    }

    @Test
    void shouldKeepScopesToTheirThread() throws Exception {
        GroupCommit.run(() -> {
            boolean elsewhere = CompletableFuture.supplyAsync(() -> GroupCommit.deferForce(() -> { })).join();
            assertFalse(elsewhere, "another thread is not inside this scope");
        });
    }
}
