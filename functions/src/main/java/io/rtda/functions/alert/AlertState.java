package io.rtda.functions.alert;

/**
 * Where an alert stands. An alert that has never been pending has no state at all; a pending alert whose
 * condition stops holding before its {@code for} elapsed goes to {@link #RESOLVED} without having fired.
 */
public enum AlertState {
    PENDING, FIRING, RESOLVED;

    /** The lower-case name used on the wire ({@code firing}). */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively. */
    public static AlertState parse(String text) {
        for (AlertState s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("state must be one of pending, firing, resolved, was '" + text + "'");
    }
}
