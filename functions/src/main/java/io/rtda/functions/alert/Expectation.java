package io.rtda.functions.alert;

import java.util.Map;

/**
 * What the anomaly model expected when a transition happened, for the reading it judged: the stream's newest,
 * or the most anomalous of the readings the latest batch brought.
 *
 * @param detector     the detector's name
 * @param score        anomaly score of the judged reading, in [0, 1]
 * @param expected     the expected value
 * @param expectedLow  lower end of the normal range
 * @param expectedHigh upper end of the normal range
 * @param direction    above, below or none: where the value lies relative to the expectation
 * @param confidence   in [0, 1]; low while the model warms up
 * @param attribution  which time steps drove the score ({@code t-0} the judged value), largest share first; null
 *                     when the detector gives none
 * @param at           ISO-8601 event time of the judged reading (null in transitions stored before it was
 *                     recorded)
 * @param value        the judged reading's value (null likewise)
 */
public record Expectation(String detector, double score, double expected, double expectedLow, double expectedHigh,
        String direction, double confidence, Map<String, Double> attribution, String at, Double value) {
}
