package io.rtda.models.catalog;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * String options for {@link Detectors#create}, e.g. {@code rcf.trees=50}; typed getters name the option,
 * the value and the rule when a value is bad. Immutable.
 */
public final class DetectorOptions {
    private final Map<String, String> values;
    /** Keys a detector asked for, when these options are being checked (see {@link #tracked}); else null. */
    private final Set<String> asked;

    private DetectorOptions(Map<String, String> values) {
        this(values, null);
    }

    private DetectorOptions(Map<String, String> values, Set<String> asked) {
        this.values = Map.copyOf(values);
        this.asked = asked;
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

    /** These options with {@code key} set to {@code value} (still recording what is asked, if these do). */
    public DetectorOptions with(String key, String value) {
        Map<String, String> map = new TreeMap<>(values);
        map.put(key, value);
        return new DetectorOptions(map, asked);
    }

    /** The same options, recording every key a detector asks for, for {@link #refuseUnknown}. */
    DetectorOptions tracked() {
        return new DetectorOptions(values, ConcurrentHashMap.newKeySet());
    }

    /**
     * Refuses a key that names no detector, or one of a detector that was built but never asked for it (a
     * typo such as {@code rcf.shingel}); keys of detectors not built here are left alone (a {@code nab} run
     * over several detectors passes them all the same options).
     */
    void refuseUnknown(List<String> detectors) {
        for (String key : new TreeMap<>(values).keySet()) {
            int dot = key.indexOf('.');
            String prefix = dot < 0 ? key : key.substring(0, dot);
            if (!detectors.contains(prefix)) {
                throw new IllegalArgumentException("option '" + key + "' names no detector: options start with one "
                        + "of " + detectors + " and a dot, e.g. rcf.trees");
            }
            List<String> known = asked.stream().filter(k -> k.startsWith(prefix + ".")).sorted().toList();
            if (!known.isEmpty() && !asked.contains(key)) {
                throw new IllegalArgumentException("option '" + key + "' is not an option of detector " + prefix
                        + "; its options are " + known);
            }
        }
    }

    private String get(String key) {
        if (asked != null) {
            asked.add(key);
        }
        return values.get(key);
    }

    public int intValue(String key, int fallback) {
        String v = get(key);
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
        String v = get(key);
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
        String v = get(key);
        return v == null ? fallback : v;
    }

    @Override
    public String toString() {
        return new TreeMap<>(values).toString();
    }
}
