package io.rtda.functions.profiles;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Locale;
import java.util.Map;

/**
 * Production-like write protection: API keys required, 2 requests/s with a burst of 3 per client. Two keys
 * are configured so the test that drains a bucket does not starve the others: {@link #KEY} as a bare digest
 * and {@link #BURST_KEY} in the {@code SHA256:} upper-case form.
 */
public final class SecuredProfile implements QuarkusTestProfile {
    public static final String KEY = "test-key-1";
    /** {@code printf %s test-key-1 | sha256sum}. */
    public static final String KEY_DIGEST = "1255558df586ae279007fffa27ec17451d1507f7ac5442add9ffbc070f9f623b";
    public static final String BURST_KEY = "burst-key";
    /** {@code printf %s burst-key | sha256sum}. */
    public static final String BURST_KEY_DIGEST = "fcf693d1eafc0d24a9edc66752c6d137fdf7fedd18ca2ae415d1cb73b4d53643";
    public static final int RATE_BURST = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rtda.security.require-api-key", "true",
                "rtda.security.api-keys", KEY_DIGEST + ",SHA256:" + BURST_KEY_DIGEST.toUpperCase(Locale.ROOT),
                "rtda.security.rate-limit", "2",
                "rtda.security.rate-burst", Integer.toString(RATE_BURST));
    }
}
