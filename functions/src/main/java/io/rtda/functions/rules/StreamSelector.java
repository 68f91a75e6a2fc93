package io.rtda.functions.rules;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which streams a rule applies to: a glob over the stream id ({@code *} any run of characters, {@code ?} one
 * character; {@code sim.sensor-0*}) and tags that must all be present with equal values. Immutable.
 */
public final class StreamSelector {
    private final String glob;
    private final Map<String, String> tags;
    private final Pattern pattern;

    /**
     * @param glob the glob, {@code *} for all streams
     * @param tags required tags, possibly empty
     */
    public StreamSelector(String glob, Map<String, String> tags) {
        this.glob = glob;
        this.tags = Map.copyOf(tags);
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        this.pattern = Pattern.compile(regex.toString());
    }

    /** Whether the stream is selected. */
    public boolean matches(String stream, Map<String, String> streamTags) {
        if (!"*".equals(glob) && !pattern.matcher(stream).matches()) {
            return false;
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (streamTags == null || !t.getValue().equals(streamTags.get(t.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public String glob() {
        return glob;
    }

    public Map<String, String> tags() {
        return tags;
    }
}
