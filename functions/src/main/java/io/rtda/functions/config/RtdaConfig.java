package io.rtda.functions.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** All {@code rtda.*} settings. Defaults live here; profiles in application.properties override them. */
@ConfigMapping(prefix = "rtda")
public interface RtdaConfig {
    Window window();

    Ingest ingest();

    Accelerator accelerator();

    Model model();

    Security security();

    Simulator simulator();

    History history();

    Checkpoint checkpoint();

    Dashboard dashboard();

    Rules rules();

    Alerts alerts();

    Messaging messaging();

    /** Per-stream sliding windows. */
    interface Window {
        /** Samples in the count window. */
        @WithDefault("1024")
        int countSize();

        /** Length of the time window. */
        @WithDefault("PT60S")
        Duration timeSpan();

        /** How far behind a stream's newest event time a reading may arrive and still be placed. */
        @WithDefault("PT5S")
        Duration lateTolerance();

        /** Most samples a stream retains for its time window. */
        @WithDefault("65536")
        int maxSamples();

        /** Most streams held; readings of further new streams are refused. */
        @WithDefault("1000000")
        int maxStreams();
    }

    /** The ingest endpoint. */
    interface Ingest {
        /** Largest request body accepted, in bytes (413 beyond). */
        @WithDefault("16777216")
        long maxBodyBytes();

        /** Most records in one request (413 beyond). */
        @WithDefault("100000")
        int maxRecords();

        /** If set, readings further than this from the server clock are refused. Off by default. */
        Optional<Duration> maxClockSkew();
    }

    /** Statistics backend. */
    interface Accelerator {
        /** auto (OpenCL GPU, else Vector API, else scalar), scalar, vector or opencl. */
        @WithDefault("auto")
        String backend();

        /** Recompute exact quantiles for every stream each batch touches (else on query only). */
        @WithDefault("true")
        boolean quantilesEveryBatch();
    }

    /** Baseline anomaly model. */
    interface Model {
        /**
         * {@code robust-z} (stateless median/MAD score of each window, the cheap default), or a learning
         * detector from the models module: {@code robust}, {@code rcf}, {@code djl}, {@code seasonal},
         * {@code envelope}, {@code novelty} or {@code ensemble} (docs/models.md).
         */
        @WithDefault("robust-z")
        String detector();

        /** Options of a learning detector as {@code key=value}, e.g. {@code rcf.trees=50,rcf.shingle=4}. */
        Optional<List<String>> options();

        /** Half-width of the expected range in robust standard deviations. */
        @WithDefault("3")
        double rangeK();

        /** Samples before a stream's score has full confidence. */
        @WithDefault("32")
        int warmup();
    }

    /** API keys and request limits. */
    interface Security {
        /** Require an API key on write endpoints (on in prod, off in dev, test and the demo). */
        @WithDefault("true")
        boolean requireApiKey();

        /** Accepted keys as SHA-256 hex digests, optionally prefixed {@code sha256:}. */
        Optional<List<String>> apiKeys();

        /** Sustained requests per second per client on write endpoints; 0 disables the limit. */
        @WithDefault("200")
        double rateLimit();

        /** Burst size of the per-client rate limit. */
        @WithDefault("400")
        int rateBurst();
    }

    /** Built-in data simulator. */
    interface Simulator {
        @WithDefault("false")
        boolean enabled();

        /** Number of simulated sensors. */
        @WithDefault("24")
        int streams();

        /** Readings per second per sensor. */
        @WithDefault("5")
        double rate();

        /** Random seed; scenarios and noise repeat for the same seed. */
        @WithDefault("42")
        long seed();

        /** Seconds between injected scenarios (each on a different sensor). */
        @WithDefault("PT20S")
        Duration scenarioEvery();

        /** How long a scenario lasts. */
        @WithDefault("PT10S")
        Duration scenarioLength();
    }

    /** Statistics history: embedded H2 file by default, PostgreSQL by URL. */
    interface History {
        /** Keep history at all. */
        @WithDefault("true")
        boolean enabled();

        /** {@code jdbc:h2:file:...} (embedded) or {@code jdbc:postgresql://host:port/db}. */
        @WithDefault("jdbc:h2:file:./data/rtda-history")
        String jdbcUrl();

        Optional<String> user();

        Optional<String> password();

        /** How often recorded points are written (in one transaction). */
        @WithDefault("PT1S")
        Duration flushInterval();

        /** Buckets held in memory while the database is unreachable; points beyond are dropped, counted. */
        @WithDefault("500000")
        int maxPending();

        /** How long 1 s points are kept. */
        @WithDefault("PT6H")
        Duration secondRetention();

        /** How long 1 min points are kept. */
        @WithDefault("P7D")
        Duration minuteRetention();

        /** How long 1 h points are kept. */
        @WithDefault("P400D")
        Duration hourRetention();

        /** Copy of the 1 s points sent to InfluxDB as line protocol (off unless a URL is set). */
        Influx influx();
    }

    /** InfluxDB 1.x {@code /write}, or the same compatibility endpoint of InfluxDB 2.x/3.x. */
    interface Influx {
        /** Base URL, e.g. {@code http://127.0.0.1:8086}; export is off when unset. */
        Optional<String> url();

        /** Database (on 2.x/3.x: the name mapped to a bucket). */
        @WithDefault("rtda")
        String database();

        /** API token for 2.x/3.x, sent as {@code Authorization: Token ...}. */
        Optional<String> token();

        /** Lines held while InfluxDB is unreachable; the oldest are dropped (counted) beyond. */
        @WithDefault("1000000")
        int maxQueued();
    }

    /** Checkpoints of the windows (and model and alert state) for restarts, crashes included. */
    interface Checkpoint {
        @WithDefault("true")
        boolean enabled();

        /** Directory of latest.ckpt and previous.ckpt. */
        @WithDefault("./data/checkpoints")
        String directory();

        /** Time between checkpoints; one is also written at shutdown. */
        @WithDefault("PT30S")
        Duration interval();

        /**
         * How far each applied batch is on its way into the readings log ({@code <directory>/readings}) before it
         * is answered: {@code fsync} (on the device: survives a power loss), {@code write} (handed to the
         * operating system: survives the process dying, not the machine), {@code off} (no log: a crash loses
         * what arrived since the last checkpoint).
         */
        @WithDefault("fsync")
        ReadingsLog readingsLog();

        /**
         * The most the readings log's segment files may hold. It shrinks only when checkpoints are committed, so
         * this bounds the disk a checkpoint outage can fill: at the bound, batches are answered 503 (nothing of them
         * applied) until checkpoints commit again. Three intervals of readings must fit (about 26 bytes each).
         */
        @WithDefault("2G")
        MemorySize readingsLogMaxSize();

        /** See {@link #readingsLog()}. */
        enum ReadingsLog {
            FSYNC, WRITE, OFF
        }
    }

    /** The browser dashboard's live feed ({@code GET /api/v1/dashboard/live}). */
    interface Dashboard {
        /** How often changed streams are gathered into a new version of the board, off the ingest path. */
        @WithDefault("PT0.25S")
        Duration publishInterval();

        /** Most messages per second one connection receives; a client may ask for fewer. */
        @WithDefault("4")
        double maxRate();

        /** Most streams the dashboard follows (the first seen); others are left out and counted. */
        @WithDefault("5000")
        int maxStreams();

        /** Recent values kept per stream for the overview's sparklines (one per publish that changed it). */
        @WithDefault("60")
        int sparklinePoints();
    }

    /** Rules and their store (see docs/rules.md). */
    interface Rules {
        /** Rules file (.yaml, .yml or .json) loaded at start, written back on PUT/DELETE, reloaded when edited. */
        Optional<java.nio.file.Path> file();

        /** How often absence rules are evaluated and the rules file is checked for edits. */
        @WithDefault("PT1S")
        Duration tick();
    }

    /** Delivery of alert transitions over messaging (off unless a channel is enabled). */
    interface Alerts {
        /** Directory of the durable outboxes (one journal per enabled channel). */
        @WithDefault("./data/outbox")
        java.nio.file.Path outboxDir();

        /** First retry delay after a failed or unconfirmed send; doubles up to max-backoff. */
        @WithDefault("PT0.2S")
        Duration retryBackoff();

        @WithDefault("PT10S")
        Duration maxBackoff();

        /** How long to wait for the broker's confirmation of one transition before retrying it. */
        @WithDefault("PT10S")
        Duration confirmTimeout();
    }

    /** Brokers (channels mp.messaging.*; see docs/rules.md). Off by default so the demo needs no broker. */
    interface Messaging {
        /** Alerts out to, readings in from, RabbitMQ on rabbitmq-host:rabbitmq-port. */
        @WithDefault("false")
        boolean rabbitmq();

        /** Alerts out to, readings in from, the MQTT broker of the mp.messaging.*-mqtt channels. */
        @WithDefault("false")
        boolean mqtt();
    }
}
