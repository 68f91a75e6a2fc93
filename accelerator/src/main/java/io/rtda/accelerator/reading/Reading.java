package io.rtda.accelerator.reading;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One value of one stream at one event time. Instances are always valid: the constructor enforces the
 * rules below and throws {@link InvalidReadingException} naming the field otherwise.
 *
 * <ul>
 *   <li>{@code stream}: 1 to {@value #MAX_STREAM_LENGTH} characters of {@code [A-Za-z0-9._:/-]};</li>
 *   <li>{@code timestamp}: event time in epoch milliseconds (any long: replays of old data are fine);</li>
 *   <li>{@code value}: a finite double;</li>
 *   <li>{@code tags}: at most {@value #MAX_TAGS} entries, keys 1 to {@value #MAX_TAG_KEY_LENGTH} characters
 *       of the stream alphabet, values at most {@value #MAX_TAG_VALUE_LENGTH} characters.</li>
 * </ul>
 *
 * @param stream    stream id
 * @param timestamp event time, epoch milliseconds
 * @param value     the measured value
 * @param tags      immutable tag map, empty when the reading has none
 */
public record Reading(String stream, long timestamp, double value, Map<String, String> tags) {
    public static final int MAX_STREAM_LENGTH = 200;
    public static final int MAX_TAGS = 32;
    public static final int MAX_TAG_KEY_LENGTH = 64;
    public static final int MAX_TAG_VALUE_LENGTH = 256;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:/-]+");

    public Reading {
        checkStream(stream);
        if (!Double.isFinite(value)) {
            throw new InvalidReadingException("value", "must be a finite number, was " + value);
        }
        tags = checkTags(tags);
    }

    public Reading(String stream, long timestamp, double value) {
        this(stream, timestamp, value, Map.of());
    }

    /** Checks a stream id alone; used where an id arrives without a reading (queries, rules). */
    public static void checkStream(String stream) {
        if (stream == null || stream.isEmpty()) {
            throw new InvalidReadingException("stream", "is required (1-" + MAX_STREAM_LENGTH + " characters)");
        }
        if (stream.length() > MAX_STREAM_LENGTH) {
            throw new InvalidReadingException("stream",
                    "must be at most " + MAX_STREAM_LENGTH + " characters, was " + stream.length());
        }
        if (!ID.matcher(stream).matches()) {
            throw new InvalidReadingException("stream",
                    "may only contain letters, digits and . _ : / - (was '" + abbreviate(stream) + "')");
        }
    }

    private static Map<String, String> checkTags(Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return Map.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidReadingException("tags", "at most " + MAX_TAGS + " tags, was " + tags.size());
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (key == null || key.isEmpty() || key.length() > MAX_TAG_KEY_LENGTH || !ID.matcher(key).matches()) {
                throw new InvalidReadingException("tags", "tag key '" + abbreviate(String.valueOf(key))
                        + "' must be 1-" + MAX_TAG_KEY_LENGTH + " characters of letters, digits and . _ : / -");
            }
            String value = tag.getValue();
            if (value == null) {
                throw new InvalidReadingException("tags." + key, "must be a string, was null");
            }
            if (value.length() > MAX_TAG_VALUE_LENGTH) {
                throw new InvalidReadingException("tags." + key,
                        "must be at most " + MAX_TAG_VALUE_LENGTH + " characters, was " + value.length());
            }
        }
        return Map.copyOf(tags);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
