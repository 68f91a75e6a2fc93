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
    /** Refused readings from MQTT, with reasons (topic {@code rtda/dead-letter/readings}). */
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

    /**
     * Refuses a configuration in which the dead-letter destination feeds back into the readings input: every
     * dead letter would be refused and dead-lettered again, forever.
     *
     * @throws IllegalStateException naming the settings to change
     */
    static void checkNoDeadLetterLoop() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        if (enabled("incoming", READINGS_MQTT) && enabled("outgoing", DEAD_LETTER_MQTT)) {
            String filter = config.getOptionalValue("mp.messaging.incoming." + READINGS_MQTT + ".topic", String.class)
                    .orElse(READINGS_MQTT);
            String dead = config.getOptionalValue("mp.messaging.outgoing." + DEAD_LETTER_MQTT + ".topic", String.class)
                    .orElse(DEAD_LETTER_MQTT);
            if (mqttMatches(filter, dead)) {
                throw new IllegalStateException("RTDA-DELIVERY-003 the MQTT dead-letter topic '" + dead + "' matches "
                        + "the readings subscription '" + filter + "': dead letters would be read back as readings; "
                        + "set mp.messaging.outgoing." + DEAD_LETTER_MQTT + ".topic outside it");
            }
        }
        if (enabled("incoming", READINGS_RABBITMQ) && enabled("outgoing", DEAD_LETTER_RABBITMQ)) {
            String in = config.getOptionalValue("mp.messaging.incoming." + READINGS_RABBITMQ + ".exchange.name",
                    String.class).orElse(READINGS_RABBITMQ);
            String dead = config.getOptionalValue("mp.messaging.outgoing." + DEAD_LETTER_RABBITMQ + ".exchange.name",
                    String.class).orElse(DEAD_LETTER_RABBITMQ);
            if (in.equals(dead)) {
                throw new IllegalStateException("RTDA-DELIVERY-003 the RabbitMQ dead-letter exchange '" + dead
                        + "' is the readings exchange: dead letters would be read back as readings; set mp.messaging."
                        + "outgoing." + DEAD_LETTER_RABBITMQ + ".exchange.name to another exchange");
            }
        }
    }

    /** Whether an MQTT topic filter ({@code +} one level, {@code #} the rest) matches a topic. */
    static boolean mqttMatches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if ("#".equals(f[i])) {
                return true;
            }
            if (i >= t.length || !"+".equals(f[i]) && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
