package io.rtda.functions.groupcommit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Group commit for the files that force every write (the alert journal, the alert outboxes). Such a resource
 * writes through {@link #write}: inside {@link #run} it writes without forcing and holds back whatever must wait
 * for the force, and its {@link Deferred#force} runs once when the work ends, before {@code run} returns, in the
 * order the resources first deferred (the alert journal, registered as the first alert listener,
 * is forced before any outbox releases a message to its courier). Outside {@code run} nothing is deferred. A
 * scope belongs to its thread; a nested {@code run} joins the enclosing scope.
 */
public final class GroupCommit {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    private static final ThreadLocal<List<Deferred>> SCOPE = new ThreadLocal<>();
    /**
     * Deferred writes take it shared, a scope's forces exclusively: a force sequence (the journal, then each
     * outbox) never runs between two writes of one transition, so an outbox never releases an entry whose
     * journal line was written after the journal's force.
     */
    private static final ReentrantReadWriteLock ORDER = new ReentrantReadWriteLock();

    /** A resource whose force was deferred to the end of the scope. */
    @FunctionalInterface
    public interface Deferred {
        /** Forces what was written since the last force and releases what waited for it; does not throw. */
        void force();
    }

    private GroupCommit() {
    }

    /** Runs {@code work}, then forces each resource that deferred its forces inside it, once. */
    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** As {@link #run}, returning what {@code work} returns. */
    public static <T> T call(Supplier<T> work) {
        if (SCOPE.get() != null) {
            return work.get();
        }
        List<Deferred> deferred = new ArrayList<>(2);
        SCOPE.set(deferred);
        try {
            return work.get();
        } finally {
            SCOPE.remove();
            if (!deferred.isEmpty()) {
                ORDER.writeLock().lock();
                try {
                    for (Deferred d : deferred) {
                        try {
                            d.force();
                        } catch (RuntimeException e) {
                            LOG.errorf(e, "RTDA-CKP-015 deferred force of %s failed", d);
                        }
                    }
                } finally {
                    ORDER.writeLock().unlock();
                }
            }
        }
    }

    /**
     * A write of a resource that forces what it writes: inside a scope, {@code deferred} (a write without a force;
     * the resource's {@link Deferred#force} runs at the end of the scope), else {@code immediate} (a write and its
     * force). The resource takes its own lock inside either, never around this call.
     */
    public static <T> T write(Deferred resource, Supplier<T> deferred, Supplier<T> immediate) {
        if (!deferForce(resource)) {
            return immediate.get();
        }
        ORDER.readLock().lock();
        try {
            return deferred.get();
        } finally {
            ORDER.readLock().unlock();
        }
    }

    /**
     * Whether the calling thread is inside {@link #run}: then the caller must not force now, and {@code resource}'s
     * {@link Deferred#force} runs once at the end of the scope (registered once, by identity).
     */
    public static boolean deferForce(Deferred resource) {
        List<Deferred> scope = SCOPE.get();
        if (scope == null) {
            return false;
        }
        for (Deferred d : scope) {
            if (d == resource) {
                return true;
            }
        }
        scope.add(resource);
        return true;
    }
}
