package io.rtda.functions.rules;

/** One problem with one field of a rule document. Thrown internally while parsing; collected into an
 * {@link InvalidRuleException}. */
final class RuleViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    RuleViolation(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    String field() {
        return field;
    }
}
