package io.rtda.functions.readinglog;

import io.rtda.functions.ingest.IngestUnavailableException;

/** The readings log could not be written or forced, so the batch is not durable and is answered as not stored. */
public final class ReadingLogUnavailableException extends IngestUnavailableException {
    private static final long serialVersionUID = 1L;

    public ReadingLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
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
        return "the readings could not be written to the server's readings log, so they would not survive a crash; "
                + "retry the same request (duplicates are stored once)";
    }
}
