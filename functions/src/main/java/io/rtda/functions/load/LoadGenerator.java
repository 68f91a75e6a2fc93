package io.rtda.functions.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts NDJSON batches at a fixed rate, paced by the clock (open loop up to {@code --concurrency} requests
 * in flight), prints progress each second and a summary with throughput and latency percentiles.
 */
public final class LoadGenerator {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final int MAX_SAMPLES = 1 << 20;

    private final LoadOptions options;
    private final HttpClient client;
    private final AtomicLong sentReadings = new AtomicLong();
    private final AtomicLong acceptedReadings = new AtomicLong();
    private final AtomicLong failedRequests = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLongArray latencies = new AtomicLongArray(MAX_SAMPLES);
    private final AtomicLong latencyCount = new AtomicLong();
    private volatile String lastError;

    LoadGenerator(LoadOptions options) {
        this.options = options;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws InterruptedException {
        if (LoadOptions.wantsHelp(args)) {
            System.out.println(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int failed = new LoadGenerator(options).run(System.out);
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Runs the load and prints the summary; returns the number of failed requests. */
    int run(PrintStream out) throws InterruptedException {
        double batchesPerSecond = options.rate() / options.batch();
        long intervalNanos = (long) (1e9 / batchesPerSecond);
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        Semaphore inFlight = new Semaphore(options.concurrency());
        ExecutorService pool = Executors.newFixedThreadPool(options.concurrency());
        out.printf(Locale.ROOT, "rtda load: %s, %d streams, %.0f readings/s in batches of %d for %s%n",
                options.url(), options.streams(), options.rate(), options.batch(), options.duration());
        long next = start;
        long nextReport = start + 1_000_000_000L;
        long sequence = 0;
        while (next < end) {
            long now = System.nanoTime();
            if (now < next) {
                TimeUnit.NANOSECONDS.sleep(Math.min(next - now, 50_000_000L));
                continue;
            }
            if (now >= nextReport) {
                progress(out, now - start);
                nextReport += 1_000_000_000L;
            }
            inFlight.acquire();
            String body = body(sequence++);
            pool.execute(() -> {
                try {
                    send(body);
                } finally {
                    inFlight.release();
                }
            });
            next += intervalNanos;
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        summary(out, System.nanoTime() - start);
        return (int) Math.min(Integer.MAX_VALUE, failedRequests.get());
    }

    private String body(long sequence) {
        StringBuilder sb = new StringBuilder(options.batch() * 64);
        long now = System.currentTimeMillis();
        for (int i = 0; i < options.batch(); i++) {
            long n = sequence * options.batch() + i;
            int stream = (int) (n % options.streams());
            double value = 50 + 10 * Math.sin(n * 0.001) + ((n * 2654435761L) % 1000) / 100.0;
            sb.append("{\"stream\":\"load.stream-").append(stream).append("\",\"ts\":").append(now)
                    .append(",\"value\":").append(value).append("}\n");
        }
        return sb.toString();
    }

    private void send(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(options.url().resolve("/api/v1/readings"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (options.apiKey() != null) {
            request.header("X-API-Key", options.apiKey());
        }
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            record(System.nanoTime() - t0);
            requests.incrementAndGet();
            sentReadings.addAndGet(options.batch());
            if (response.statusCode() != 200) {
                failedRequests.incrementAndGet();
                lastError = "HTTP " + response.statusCode() + ": " + abbreviate(response.body());
                return;
            }
            Matcher m = ACCEPTED.matcher(response.body());
            if (m.find()) {
                acceptedReadings.addAndGet(Long.parseLong(m.group(1)));
            }
        } catch (IOException e) {
            failedRequests.incrementAndGet();
            lastError = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(long nanos) {
        long i = latencyCount.getAndIncrement();
        if (i < MAX_SAMPLES) {
            latencies.set((int) i, nanos);
        }
    }

    private void progress(PrintStream out, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        out.printf(Locale.ROOT, "  %5.1f s  %,12d readings sent  %,10.0f/s  %d failed%n", seconds,
                sentReadings.get(), sentReadings.get() / seconds, failedRequests.get());
    }

    private void summary(PrintStream out, long elapsedNanos) {
        int n = (int) Math.min(latencyCount.get(), MAX_SAMPLES);
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = latencies.get(i);
        }
        Arrays.sort(sorted);
        double seconds = elapsedNanos / 1e9;
        out.printf(Locale.ROOT, "%nrequests %,d (%d failed), readings sent %,d, accepted %,d%n", requests.get(),
                failedRequests.get(), sentReadings.get(), acceptedReadings.get());
        out.printf(Locale.ROOT, "throughput %,.0f readings/s (target %,.0f) over %.1f s%n",
                sentReadings.get() / seconds, options.rate(), seconds);
        out.printf(Locale.ROOT, "request latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", pct(sorted, 0.5),
                pct(sorted, 0.9), pct(sorted, 0.99), n == 0 ? Double.NaN : sorted[n - 1] / 1e6);
        if (lastError != null) {
            out.println("last error: " + lastError);
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))] / 1e6;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
