package io.rtda.functions.outbox;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Delivers an outbox's entries one at a time, in order, on its own thread: sends the oldest entry, waits for the
 * destination's confirmation, acknowledges it in the outbox, then takes the next. A failure or a missing
 * confirmation is retried with exponential backoff until it succeeds, so delivery is at-least-once and ordered.
 */
public final class OutboxCourier implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OutboxCourier.class.getName());

    private final String name;
    private final Outbox outbox;
    private final Function<OutboxEntry, CompletionStage<Void>> send;
    private final long firstBackoffMs;
    private final long maxBackoffMs;
    private final long confirmTimeoutMs;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long delivered;
    private volatile long failures;

    /**
     * @param name             for the thread and logs
     * @param outbox           what to deliver
     * @param send             sends one entry; the stage completes when the destination confirmed it
     * @param firstBackoffMs   delay before the first retry; doubles per consecutive failure
     * @param maxBackoffMs     longest delay between retries
     * @param confirmTimeoutMs how long to wait for a confirmation before retrying
     */
    public OutboxCourier(String name, Outbox outbox, Function<OutboxEntry, CompletionStage<Void>> send,
            long firstBackoffMs, long maxBackoffMs, long confirmTimeoutMs) {
        this.name = name;
        this.outbox = outbox;
        this.send = send;
        this.firstBackoffMs = firstBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.confirmTimeoutMs = confirmTimeoutMs;
        this.thread = new Thread(this::run, "rtda-outbox-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts the delivery thread. */
    public void start() {
        thread.start();
    }

    private void run() {
        long backoff = firstBackoffMs;
        while (running) {
            try {
                OutboxEntry e = outbox.next(500);
                if (e == null) {
                    continue;
                }
                if (deliver(e)) {
                    outbox.ack(e.seq());
                    delivered++;
                    backoff = firstBackoffMs;
                } else {
                    failures++;
                    Thread.sleep(backoff);
                    backoff = Math.min(maxBackoffMs, backoff * 2);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean deliver(OutboxEntry e) throws InterruptedException {
        try {
            send.apply(e).toCompletableFuture().get(confirmTimeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                | RuntimeException failure) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            if (failures % 20 == 0) {
                LOG.log(System.Logger.Level.WARNING, "RTDA-OUTBOX-001 " + name + ": " + e.id() + " not confirmed ("
                        + cause + "); " + outbox.pending() + " message(s) wait, retrying with backoff");
            }
            return false;
        }
    }

    /** Entries confirmed so far. */
    public long delivered() {
        return delivered;
    }

    /** Failed or unconfirmed attempts so far. */
    public long failures() {
        return failures;
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        outbox.close();
    }
}
