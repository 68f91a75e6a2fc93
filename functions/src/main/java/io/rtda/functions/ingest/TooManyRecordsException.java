package io.rtda.functions.ingest;

/** A request holds more records than {@code rtda.ingest.max-records}. */
public final class TooManyRecordsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TooManyRecordsException(int limit) {
        super("the request holds more than rtda.ingest.max-records (" + limit + ") records; split it into "
                + "smaller batches");
    }
}
