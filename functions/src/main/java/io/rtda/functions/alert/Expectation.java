package io.rtda.functions.alert;

/**
 * What the anomaly model expected when a transition happened.
 *
 * @param detector     the detector's name
 * @param score        anomaly score of the newest value, in [0, 1]
 * @param expected     the expected value
 * @param expectedLow  lower end of the normal range
 * @param expectedHigh upper end of the normal range
 * @param direction    ABOVE, BELOW or NONE: where the value lies relative to the expectation
 * @param confidence   in [0, 1]; low while the model warms up
 */
public record Expectation(String detector, double score, double expected, double expectedLow, double expectedHigh,
        String direction, double confidence) {
}
