package io.rtda.functions.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    /** {@code printf %s test-key-1 | sha256sum}. */
    private static final String TEST_KEY_1 = "1255558df586ae279007fffa27ec17451d1507f7ac5442add9ffbc070f9f623b";

    @Test
    void shouldHashAKeyToTheHexDigestThatSha256sumPrints() {
        assertEquals(TEST_KEY_1, ApiKeys.hash("test-key-1"));
    }

    @Test
    void shouldAcceptOnlyKeysWhoseDigestIsConfigured() {
        ApiKeys keys = new ApiKeys(List.of(TEST_KEY_1, ApiKeys.hash("other")));

        assertTrue(keys.accepts("test-key-1"));
        assertTrue(keys.accepts("other"));
        assertFalse(keys.accepts("test-key-2"));
        assertFalse(keys.accepts(""));
        assertFalse(keys.accepts(TEST_KEY_1), "the digest itself is not a key");
    }

    @Test
    void shouldAcceptDigestsWithPrefixUpperCaseAndSurroundingSpace() {
        ApiKeys keys = new ApiKeys(List.of("  SHA256:" + TEST_KEY_1.toUpperCase() + " "));

        assertTrue(keys.accepts("test-key-1"));
    }

    @Test
    void shouldBeEmptyWithoutDigests() {
        ApiKeys keys = new ApiKeys(List.of());

        assertTrue(keys.isEmpty());
        assertFalse(keys.accepts("test-key-1"));
    }

    @Test
    void shouldNameTheEntryThatIsNotADigestAndSayHowToMakeOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ApiKeys(List.of(TEST_KEY_1, "test-key-2")));

        assertTrue(e.getMessage().contains("rtda.security.api-keys[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("SHA-256 digest"), e.getMessage());
        assertTrue(e.getMessage().contains("sha256sum"), e.getMessage());
        assertFalse(e.getMessage().contains("test-key-2"), "the message must not echo a raw key");
    }

    @Test
    void shouldRefuseADigestOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> new ApiKeys(List.of(TEST_KEY_1.substring(1))));
        assertThrows(IllegalArgumentException.class, () -> new ApiKeys(List.of(TEST_KEY_1 + "0")));
    }
}
