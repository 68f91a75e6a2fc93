package io.rtda.functions.rules;

import java.util.Locale;

/** How urgent a rule's alerts are; also the first part of the RabbitMQ routing key. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Severity parse(String field, String text) {
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new RuleViolation(field, "must be one of info, warning, critical, was '" + text + "'");
    }
}
