package io.rtda.accelerator.window;

/** What happened to one sample offered to a {@link StreamWindow}. */
public enum AppendOutcome {
    /** Newest sample of the stream, appended at the end. */
    APPENDED,
    /** Older than the newest but within the late tolerance: placed by event time. */
    INSERTED,
    /** Same event time and value as a retained sample, even one beyond the late tolerance: kept once. */
    DUPLICATE,
    /** Older than the newest event time by more than the late tolerance, or than what is retained. */
    LATE;

    public boolean stored() {
        return this == APPENDED || this == INSERTED;
    }
}
