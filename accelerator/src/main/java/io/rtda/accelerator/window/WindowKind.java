package io.rtda.accelerator.window;

import java.util.Locale;

/** Which window of a stream a statistic is computed over. */
public enum WindowKind {
    /** The newest {@code countSize} samples. */
    COUNT,
    /** Samples with event time in {@code (newest - span, newest]}. */
    TIME;

    /** Parses {@code count} or {@code time} (any case); the message names the accepted values. */
    public static WindowKind parse(String text) {
        if (text == null || text.isBlank()) {
            return COUNT;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("window must be 'count' or 'time', was '" + text + "'", e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
