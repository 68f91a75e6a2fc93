package io.rtda.functions.distributed;

/**
 * The broker did not confirm a publish: nothing of the batch may be assumed stored. Transient; the caller
 * answers 503 (HTTP) or reports the records as failed so the event source retries them.
 */
public final class BrokerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
