package io.rtda.accelerator.reading;

/**
 * A reading broke one of the rules in {@link Reading}. Carries the offending field and a reason a client
 * can act on; never thrown for a whole batch, only for one record.
 */
public final class InvalidReadingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public InvalidReadingException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
