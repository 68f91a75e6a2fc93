package io.rtda.functions.simulator;

import java.time.Instant;

/**
 * One injected scenario: which sensor, what, and the event-time interval {@code [from, to)}.
 *
 * @param stream   the sensor's stream id
 * @param scenario what was injected
 * @param from     first event time affected
 * @param to       end of the interval, exclusive
 */
public record ScenarioEvent(String stream, Scenario scenario, Instant from, Instant to) {
}
