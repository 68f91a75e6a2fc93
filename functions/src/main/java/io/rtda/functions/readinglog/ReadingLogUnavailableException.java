package io.rtda.functions.readinglog;

import io.rtda.functions.ingest.IngestUnavailableException;

/**
 * The readings log could not be written or forced, or is at its size bound, so the batch is not durable and is
 * answered as not stored.
 */
public final class ReadingLogUnavailableException extends IngestUnavailableException {
    private static final long serialVersionUID = 1L;
    private final boolean full;
    private final boolean stopping;

    public ReadingLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.full = cause instanceof ReadingLog.LogFullException;
        this.stopping = cause instanceof InFlightBatches.StoppingException;
    }

    @Override
    public String slug() {
        return "storage-unavailable";
    }

    @Override
    public String title() {
        return "Storage unavailable";
    }

    @Override
    public String advice() {
        if (stopping) {
            return "nothing of this batch was stored: the server is stopping; retry (after its restart, or on another "
                    + "instance)";
        }
        if (full) {
            return "nothing of this batch was stored: the server's readings log is at its size bound until its next "
                    + "checkpoints commit; retry later (the operator sees why as RTDA-CKP-014)";
        }
        return "the readings could not be written to the server's readings log, so they would not survive a crash; "
                + "retry the same request (duplicates are stored once)";
    }
}
