package io.rtda.functions.ingest;

/** The body as a whole is not JSON or NDJSON; carries where parsing stopped. */
public final class MalformedBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedBodyException(String message) {
        super(message);
    }
}
