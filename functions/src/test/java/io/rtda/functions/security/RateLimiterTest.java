package io.rtda.functions.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The token bucket, driven by an explicit nanosecond clock. */
class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 5 * SECOND;

    @Test
    void shouldAllowTheBurstThenRefuseWithTheSecondsToWait() {
        RateLimiter limiter = new RateLimiter(2, 3, 100);

        assertEquals(0, limiter.acquire("a", T0));
        assertEquals(0, limiter.acquire("a", T0));
        assertEquals(0, limiter.acquire("a", T0));
        assertEquals(1, limiter.acquire("a", T0));
        assertEquals(1, limiter.acquire("a", T0 + SECOND / 4));
    }

    @Test
    void shouldRefillAtTheRateUpToTheBurst() {
        RateLimiter limiter = new RateLimiter(2, 3, 100);
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a", T0);
        }

        assertEquals(0, limiter.acquire("a", T0 + SECOND / 2), "one token after half a second at 2/s");
        assertEquals(1, limiter.acquire("a", T0 + SECOND / 2));

        long later = T0 + 60 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire("a", later), "a long pause refills only up to the burst");
        }
        assertEquals(1, limiter.acquire("a", later));
    }

    @Test
    void shouldRoundTheWaitUpToWholeSeconds() {
        RateLimiter limiter = new RateLimiter(0.25, 1, 100);

        assertEquals(0, limiter.acquire("a", T0));
        assertEquals(4, limiter.acquire("a", T0));
        assertEquals(2, limiter.acquire("a", T0 + 2 * SECOND));
        assertEquals(0, limiter.acquire("a", T0 + 4 * SECOND));
    }

    @Test
    void shouldKeepASeparateBucketPerClient() {
        RateLimiter limiter = new RateLimiter(1, 1, 100);

        assertEquals(0, limiter.acquire("a", T0));
        assertTrue(limiter.acquire("a", T0) > 0);
        assertEquals(0, limiter.acquire("b", T0));
    }

    @Test
    void shouldNotLimitWhenTheRateIsZero() {
        RateLimiter limiter = new RateLimiter(0, 0, 100);

        for (int i = 0; i < 1000; i++) {
            assertEquals(0, limiter.acquire("a", T0));
        }
    }

    @Test
    void shouldForgetFullBucketsWhenOverTheClientBoundButKeepLimitingActiveOnes() {
        RateLimiter limiter = new RateLimiter(1, 1, 2);
        limiter.acquire("active", T0);
        limiter.acquire("idle-1", T0 - 10 * SECOND);
        limiter.acquire("idle-2", T0 - 10 * SECOND);

        assertEquals(0, limiter.acquire("new", T0));
        assertEquals(1, limiter.acquire("active", T0), "the active client's empty bucket survives the sweep");
    }

    @Test
    void shouldRefuseANegativeRateOrAnEmptyBurstNamingTheSetting() {
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> new RateLimiter(-1, 3, 100));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new RateLimiter(Double.NaN, 3, 100));
        IllegalArgumentException burst = assertThrows(IllegalArgumentException.class,
                () -> new RateLimiter(2, 0, 100));

        assertTrue(rate.getMessage().contains("rtda.security.rate-limit"), rate.getMessage());
        assertTrue(nan.getMessage().contains("rtda.security.rate-limit"), nan.getMessage());
        assertTrue(burst.getMessage().contains("rtda.security.rate-burst"), burst.getMessage());
    }
}
