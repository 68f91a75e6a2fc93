package io.rtda.functions.distributed;

import java.util.Locale;

/** Where readings are analyzed: {@code rtda.mode} (environment {@code RTDA_MODE}). */
public enum Mode {
    /** Validate and analyze in this process (the default). */
    ALL_IN_ONE,
    /** Validate, then publish accepted readings to the broker partition that owns their stream. */
    FRONT,
    /** Consume the partitions this process is the active consumer of, analyze and serve their queries. */
    WORKER;

    /** The configured spelling: {@code all-in-one}, {@code front}, {@code worker}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code all-in-one}, {@code front} or {@code worker} (case-insensitive). */
    public static Mode parse(String text) {
        for (Mode m : values()) {
            if (m.key().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("rtda.mode must be all-in-one, front or worker, was '" + text
                + "'; set RTDA_MODE to one of them");
    }
}
