package io.rtda.functions.export;

import io.rtda.functions.history.HistoryPoint;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends history points as InfluxDB line protocol, measurement {@code rtda_stats}, tag {@code stream},
 * millisecond timestamps (the bucket start). {@link #accept} only queues (bounded: the oldest line is dropped
 * and counted when full), so the history writer never waits on InfluxDB; {@link #send}, called by the
 * exporter's own thread, posts the queue in batches. When InfluxDB is down or answers 429/5xx the lines stay
 * queued for the next send. A 4xx other than 429 means the
 * batch itself is wrong (say, a missing database): it is dropped, counted and logged with InfluxDB's answer
 * rather than retried forever.
 */
public final class InfluxLineExporter implements Consumer<List<HistoryPoint>> {
    private static final System.Logger LOG = System.getLogger(InfluxLineExporter.class.getName());
    private static final int BATCH = 5_000;

    private final URI write;
    private final Optional<String> token;
    private final int maxQueued;
    private final HttpClient http;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    /** Sequence number of the queue's first line: lines leave only from the head, each adding one. */
    private long head;
    private volatile long sent;
    private volatile long dropped;
    private volatile long failures;
    private volatile String lastError;

    /**
     * @param baseUrl   e.g. {@code http://127.0.0.1:8086}
     * @param database  the 1.x database (on 2.x/3.x: the database name mapped to a bucket)
     * @param token     sent as {@code Authorization: Token ...} (2.x/3.x); empty for an open 1.x server
     * @param maxQueued most lines held while InfluxDB is unreachable
     */
    public InfluxLineExporter(String baseUrl, String database, Optional<String> token, int maxQueued) {
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("InfluxDB export needs a database name");
        }
        if (maxQueued < 1) {
            throw new IllegalArgumentException("max queued lines must be positive, was " + maxQueued);
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.write = URI.create(base + "/write?precision=ms&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
        this.token = token;
        this.maxQueued = maxQueued;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Queues the points; returns at once. */
    @Override
    public void accept(List<HistoryPoint> points) {
        synchronized (queue) {
            for (HistoryPoint p : points) {
                if (queue.size() == maxQueued) {
                    queue.removeFirst();
                    head++;
                    dropped++;
                }
                queue.addLast(line(p));
            }
        }
    }

    /** Posts what is queued, in batches; true when the queue was emptied. One sender at a time. */
    public synchronized boolean send() {
        while (true) {
            List<String> batch = new ArrayList<>();
            long first;
            synchronized (queue) {
                first = head;
                for (String line : queue) {
                    if (batch.size() == BATCH) {
                        break;
                    }
                    batch.add(line);
                }
            }
            if (batch.isEmpty()) {
                return true;
            }
            int status = post(String.join("\n", batch));
            if (status == 0 || status == 429 || status >= 500) {
                return false;
            }
            synchronized (queue) {
                // Lines the bound pushed out while posting are gone (and counted); remove only the rest of the batch.
                while (head < first + batch.size() && !queue.isEmpty()) {
                    queue.removeFirst();
                    head++;
                }
            }
            if (status >= 400) {
                dropped += batch.size();
            } else {
                sent += batch.size();
            }
        }
    }

    /** The HTTP status, or 0 when InfluxDB could not be reached. */
    private int post(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(write).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        token.ifPresent(t -> request.header("Authorization", "Token " + t));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 300) {
                failed(status + " " + response.body().trim());
            } else {
                recovered();
            }
            return status;
        } catch (IOException e) {
            failed(e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void failed(String why) {
        failures++;
        if (lastError == null) {
            LOG.log(Level.WARNING, "RTDA-EXP-001 InfluxDB export to {0} failed ({1}); points wait, up to {2} lines",
                    write, why, maxQueued);
        }
        lastError = why;
    }

    private void recovered() {
        if (lastError != null) {
            LOG.log(Level.INFO, "RTDA-EXP-002 InfluxDB export to {0} works again", write);
        }
        lastError = null;
    }

    /** One point as a line of line protocol; undefined statistics are left out (line protocol has no NaN). */
    static String line(HistoryPoint p) {
        StringBuilder line = new StringBuilder(160).append("rtda_stats,stream=").append(escapeTag(p.stream()))
                .append(" updates=").append(p.updates()).append('i');
        field(line, "mean", p.mean());
        field(line, "std", p.std());
        field(line, "min", p.min());
        field(line, "max", p.max());
        field(line, "p50", p.p50());
        field(line, "p95", p.p95());
        field(line, "last", p.last());
        field(line, "score", p.score());
        return line.append(' ').append(p.start()).toString();
    }

    private static void field(StringBuilder line, String name, double value) {
        if (Double.isFinite(value)) {
            line.append(',').append(name).append('=').append(String.format(Locale.ROOT, "%s", value));
        }
    }

    /** Tag values escape commas, spaces and equals signs with a backslash (and backslashes themselves). */
    static String escapeTag(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == ' ' || c == '=' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    public long sent() {
        return sent;
    }

    public long dropped() {
        return dropped;
    }

    public long failures() {
        return failures;
    }

    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }
}
