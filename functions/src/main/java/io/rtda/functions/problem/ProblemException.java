package io.rtda.functions.problem;

/** Thrown by resources and filters to answer with a problem document. */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final String retryAfterSeconds;

    public ProblemException(int status, String slug, String title, String detail) {
        this(Problem.of(status, slug, title, detail), null);
    }

    public ProblemException(Problem problem, String retryAfterSeconds) {
        super(problem.detail());
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for a Retry-After header, or null. */
    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
