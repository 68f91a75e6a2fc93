package io.rtda.functions.distributed;

import io.rtda.functions.ingest.IngestUnavailableException;

/**
 * The broker did not confirm a publish: nothing of the batch may be assumed stored. Transient; the caller
 * answers 503 (HTTP) or reports the records as failed so the event source retries them.
 */
public final class BrokerUnavailableException extends IngestUnavailableException {
    private static final long serialVersionUID = 1L;

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String slug() {
        return "broker-unavailable";
    }

    @Override
    public String title() {
        return "Broker unavailable";
    }

    @Override
    public String advice() {
        return "the readings could not be handed to the analytics tier and none were stored; retry the same "
                + "request (duplicates are stored once)";
    }
}
