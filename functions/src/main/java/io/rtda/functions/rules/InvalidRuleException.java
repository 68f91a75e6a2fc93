package io.rtda.functions.rules;

import java.util.List;

/** A rule document was refused; {@link #problems()} names every field at fault and how to fix it. */
public final class InvalidRuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    InvalidRuleException(String ruleId, List<Problem> problems) {
        super("rule '" + ruleId + "' is invalid: " + String.join("; ",
                problems.stream().map(p -> p.field() + " " + p.message()).toList()));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in field order. */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * One field's problem.
     *
     * @param field   the field's path in the document ({@code sequence.within})
     * @param message what is wrong and the fix
     */
    public record Problem(String field, String message) {
    }
}
