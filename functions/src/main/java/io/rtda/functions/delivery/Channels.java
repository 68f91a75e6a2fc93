package io.rtda.functions.delivery;

/** Messaging channel names, shared by code and configuration ({@code mp.messaging.*.<name>.*}). */
public final class Channels {
    /** Alert transitions to RabbitMQ (topic exchange {@code rtda.alerts}, key {@code <severity>.<rule>}). */
    public static final String ALERTS_RABBITMQ = "alerts-rabbitmq";
    /** Alert transitions to MQTT (topic {@code rtda/alerts/<rule>/<stream>}). */
    public static final String ALERTS_MQTT = "alerts-mqtt";
    /** Readings from RabbitMQ (queue {@code rtda.readings}). */
    public static final String READINGS_RABBITMQ = "readings-rabbitmq";
    /** Readings from MQTT (topic {@code rtda/readings/#}). */
    public static final String READINGS_MQTT = "readings-mqtt";
    /** Refused readings from RabbitMQ, with reasons (exchange {@code rtda.readings.dead-letter}). */
    public static final String DEAD_LETTER_RABBITMQ = "readings-dead-letter-rabbitmq";
    /** Refused readings from MQTT, with reasons (topic {@code rtda/readings/dead-letter}). */
    public static final String DEAD_LETTER_MQTT = "readings-dead-letter-mqtt";

    /** CloudEvents type of an alert transition. */
    public static final String ALERT_EVENT_TYPE = "io.rtda.alert.transition";

    private Channels() {
    }

    /** Whether a channel is enabled ({@code mp.messaging.<direction>.<name>.enabled}, false by default). */
    static boolean enabled(String direction, String channel) {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("mp.messaging." + direction + "." + channel + ".enabled", Boolean.class)
                .orElse(false);
    }
}
