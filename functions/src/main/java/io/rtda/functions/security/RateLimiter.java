package io.rtda.functions.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Token buckets per client: {@code rate} tokens per second up to {@code burst}. Thread-safe. The map is
 * bounded: when it holds more than {@code maxClients}, buckets idle long enough to be full again are
 * dropped (a full bucket carries no information).
 */
public final class RateLimiter {
    private final double rate;
    private final int burst;
    private final int maxClients;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double rate, int burst, int maxClients) {
        if (rate < 0 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("rtda.security.rate-limit must be 0 (off) or positive, was " + rate);
        }
        if (rate > 0 && burst < 1) {
            throw new IllegalArgumentException("rtda.security.rate-burst must be at least 1, was " + burst);
        }
        this.rate = rate;
        this.burst = burst;
        this.maxClients = maxClients;
    }

    /**
     * Takes a token for {@code client}.
     *
     * @return 0 when allowed, else the whole seconds to wait before a token is available
     */
    public long acquire(String client, long nowNanos) {
        if (rate == 0) {
            return 0;
        }
        if (buckets.size() > maxClients) {
            buckets.values().removeIf(b -> b.fullAt(nowNanos, rate, burst));
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            bucket.refill(nowNanos, rate, burst);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) / rate);
        }
    }

    private static final class Bucket {
        double tokens;
        long stamp;

        Bucket(double tokens, long stamp) {
            this.tokens = tokens;
            this.stamp = stamp;
        }

        void refill(long now, double rate, int burst) {
            tokens = Math.min(burst, tokens + (now - stamp) / 1e9 * rate);
            stamp = now;
        }

        synchronized boolean fullAt(long now, double rate, int burst) {
            return tokens + (now - stamp) / 1e9 * rate >= burst;
        }
    }
}
