package io.rtda.functions.ingest;

/**
 * A batch could not be made durable (the broker did not confirm it, or the readings log could not be written):
 * nothing of it may be assumed stored. Transient; the caller answers 503 (HTTP) or reports the records as failed
 * so the event source retries them. Retrying is safe: readings identical to stored ones are kept once.
 */
public abstract class IngestUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected IngestUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Problem type slug, e.g. {@code broker-unavailable}. */
    public abstract String slug();

    /** Problem title, e.g. {@code Broker unavailable}. */
    public abstract String title();

    /** What the client is told: what was not done and that a retry is safe. */
    public abstract String advice();
}
