package io.rtda.models.catalog;

import java.util.Map;
import java.util.TreeMap;

/**
 * String options for {@link Detectors#create}, e.g. {@code rcf.trees=50}; typed getters name the option,
 * the value and the rule when a value is bad. Immutable.
 */
public final class DetectorOptions {
    private final Map<String, String> values;

    private DetectorOptions(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static DetectorOptions of(Map<String, String> values) {
        return new DetectorOptions(values);
    }

    public static DetectorOptions defaults() {
        return new DetectorOptions(Map.of());
    }

    /** Parses {@code key=value} pairs (as given on the command line after {@code --option}). */
    public static DetectorOptions parse(Iterable<String> pairs) {
        Map<String, String> map = new TreeMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option '" + pair + "' must be key=value, e.g. rcf.trees=50");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return new DetectorOptions(map);
    }

    /** These options with {@code key} set to {@code value}. */
    public DetectorOptions with(String key, String value) {
        Map<String, String> map = new TreeMap<>(values);
        map.put(key, value);
        return new DetectorOptions(map);
    }

    public int intValue(String key, int fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'", e);
        }
    }

    public double doubleValue(String key, double fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException("not finite");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a finite number, was '" + v + "'", e);
        }
    }

    public String stringValue(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    @Override
    public String toString() {
        return new TreeMap<>(values).toString();
    }
}
