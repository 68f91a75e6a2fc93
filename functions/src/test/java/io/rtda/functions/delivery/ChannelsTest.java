package io.rtda.functions.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChannelsTest {
    @Test
    void shouldMatchMqttFiltersLikeTheBroker() {
        assertTrue(Channels.mqttMatches("rtda/readings/+", "rtda/readings/dead-letter"));
        assertFalse(Channels.mqttMatches("rtda/readings/+", "rtda/dead-letter/readings"));
        assertFalse(Channels.mqttMatches("rtda/readings/+", "rtda/readings/a/b"));
        assertTrue(Channels.mqttMatches("rtda/#", "rtda/dead-letter/readings"));
        assertTrue(Channels.mqttMatches("rtda/readings/x", "rtda/readings/x"));
        assertFalse(Channels.mqttMatches("rtda/readings/x", "rtda/readings"));
    }
}
