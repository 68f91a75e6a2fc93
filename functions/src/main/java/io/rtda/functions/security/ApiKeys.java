package io.rtda.functions.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The set of accepted API keys, held as SHA-256 digests. Comparison is constant-time per digest.
 * Immutable and thread-safe.
 */
public final class ApiKeys {
    private static final String PREFIX = "sha256:";

    private final List<byte[]> digests;

    /**
     * @param hexDigests SHA-256 digests in hex, optionally prefixed {@code sha256:}
     * @throws IllegalArgumentException naming the entry that is not a 64-digit hex digest
     */
    public ApiKeys(List<String> hexDigests) {
        List<byte[]> parsed = new ArrayList<>();
        for (int i = 0; i < hexDigests.size(); i++) {
            String entry = hexDigests.get(i).trim().toLowerCase(Locale.ROOT);
            String hex = entry.startsWith(PREFIX) ? entry.substring(PREFIX.length()) : entry;
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("rtda.security.api-keys[" + i + "] must be a SHA-256 digest "
                        + "(64 hex digits, e.g. from: printf %s \"$KEY\" | sha256sum), not a raw key");
            }
            parsed.add(HexFormat.of().parseHex(hex));
        }
        this.digests = List.copyOf(parsed);
    }

    /**
     * The key a request presents: the {@code x-api-key} header, else an {@code authorization: Bearer} token;
     * null when neither. {@code header} looks a header up by its lower-case name (null when absent).
     */
    public static String presented(UnaryOperator<String> header) {
        String key = header.apply("x-api-key");
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String auth = header.apply("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** Whether the presented key's digest is one of the accepted ones. */
    public boolean accepts(String key) {
        byte[] digest = sha256(key);
        boolean match = false;
        for (byte[] accepted : digests) {
            match |= MessageDigest.isEqual(accepted, digest);
        }
        return match;
    }

    /** The hex SHA-256 of a key: the form to put in {@code rtda.security.api-keys}. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
