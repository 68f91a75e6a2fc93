package io.rtda.functions.simulator;

/** What the simulator injects into one sensor for a while. */
public enum Scenario {
    /** One reading far above the normal range (12 noise sigmas plus 20% of the level). */
    SPIKE,
    /** The level jumps by 8 sigmas for the scenario's length. */
    LEVEL_SHIFT,
    /** The level ramps up linearly, reaching 10 sigmas at the end. */
    DRIFT,
    /** The sensor repeats its last value exactly. */
    STUCK,
    /** The sensor sends nothing. */
    DROPOUT,
    /** Readings arrive with event times 10 s older than their neighbours: refused as late. */
    LATE,
    /** Every reading is sent twice: stored once. */
    DUPLICATE
}
