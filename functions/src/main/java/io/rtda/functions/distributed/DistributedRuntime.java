package io.rtda.functions.distributed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.functions.analysis.AnalysisService;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.functions.ingest.ReadingParser;
import io.rtda.functions.query.MetricsQuery;
import io.rtda.functions.query.MetricsView;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Wires the configured {@link Mode}: all-in-one applies readings in process; front opens a broker connection
 * and publishes; worker opens one and consumes its partitions into the in-process analytics. Fails start-up
 * with the URI and the remedy when the broker cannot be reached, rather than accepting readings it cannot
 * place.
 */
@Startup
@ApplicationScoped
public class DistributedRuntime {
    private static final Logger LOG = Logger.getLogger(DistributedRuntime.class);

    private final Mode mode;
    private final AnalysisService analysis;
    private final Partitioner partitioner;
    private Connection connection;
    private PartitionPublisher publisher;
    private PartitionWorker worker;
    private QueryRequester requester;
    private QueryResponder responder;
    /** Front mode: keeps dead-lettered events in {@link Topology#deadLetterQueue}. */
    private ConfirmedPublisher deadLetters;

    @Inject
    public DistributedRuntime(ModeConfig mode,
            BrokerConfig broker, RtdaConfig config, AnalysisService analysis, MeterRegistry registry,
            MetricsQuery metrics, ObjectMapper mapper) {
        this.mode = Mode.parse(mode.mode());
        this.analysis = analysis;
        this.partitioner = new Partitioner(broker.partitions(), broker.queuePrefix());
        if (this.mode == Mode.ALL_IN_ONE) {
            LOG.info("RTDA-DST-000 mode all-in-one: readings are analyzed in this process");
            return;
        }
        String uri = brokerUri(broker);
        this.connection = connect(uri, "rtda-" + this.mode.key());
        try {
            if (this.mode == Mode.FRONT) {
                publisher = new PartitionPublisher(connection, partitioner, broker.confirmTimeout().toMillis());
                requester = new QueryRequester(connection, partitioner, broker.queryTimeout().toMillis(),
                        broker.queryGrace().toMillis());
                deadLetters = new ConfirmedPublisher(connection, broker.confirmTimeout().toMillis());
                LOG.infof("RTDA-DST-002 mode front: accepted readings are published to %d partitions at %s",
                        partitioner.partitions(), redact(uri));
            } else {
                worker = new PartitionWorker(connection, partitioner, broker.prefetch(), analysis::ingest,
                        new ReadingParser(config.ingest().maxRecords()),
                        reason -> registry.counter("rtda.broker.poison").increment(), new PartitionState() {
                            @Override
                            public ReadingBatch export(int partition) {
                                return analysis.export(stream -> partitioner.partition(stream) == partition);
                            }

                            @Override
                            public BatchResult adopt(ReadingBatch batch) {
                                return analysis.adopt(batch);
                            }
                        });
                if (broker.workerIndex().isPresent()) {
                    worker.start(PartitionWorker.preferred(broker.partitions(), broker.workerIndex().get(),
                            broker.workerCount()), broker.standbyDelay().toMillis(),
                            broker.rebalanceInterval().toMillis());
                } else {
                    worker.start();
                }
                PartitionWorker owner = worker;
                responder = new QueryResponder(connection, partitioner, (stream, window) -> owner.holds(stream)
                        ? metrics.local(stream, WindowKind.parse(window)).map(view -> answer(mapper, view))
                        : Optional.empty());
            }
        } catch (IOException e) {
            throw new IllegalStateException("RTDA-DST-011 could not declare the partition queues at "
                    + redact(uri) + ": " + e.getMessage() + "; queues declared earlier with other "
                    + "arguments must be deleted (rabbitmqctl delete_queue)", e);
        }
    }

    /** {@code rtda.broker.uri}, or the URI the {@code rabbitmq-*} settings (RABBITMQ_HOST, ...) describe. */
    static String brokerUri(BrokerConfig broker) {
        if (broker.uri().isPresent()) {
            return broker.uri().get();
        }
        Config config = ConfigProvider.getConfig();
        boolean ssl = config.getOptionalValue("rabbitmq-ssl", Boolean.class).orElse(false);
        return (ssl ? "amqps://" : "amqp://")
                + encode(config.getOptionalValue("rabbitmq-username", String.class).orElse("guest")) + ":"
                + encode(config.getOptionalValue("rabbitmq-password", String.class).orElse("guest")) + "@"
                + config.getOptionalValue("rabbitmq-host", String.class).orElse("127.0.0.1") + ":"
                + config.getOptionalValue("rabbitmq-port", Integer.class).orElse(ssl ? 5671 : 5672) + "/%2F";
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Connection connect(String uri, String name) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
            return factory.newConnection(name);
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("rtda.broker.uri must be an amqp:// or amqps:// URI, was '"
                    + redact(uri) + "': " + e.getMessage(), e);
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("RTDA-DST-012 cannot reach RabbitMQ at " + redact(uri) + ": " + e
                    + "; start it (rabbitmq-server -detached) or set RTDA_BROKER_URI", e);
        }
    }

    /** A worker's answer to a metrics query: the JSON and the newest event time it holds. */
    private static QueryResponder.Answer answer(ObjectMapper mapper, MetricsView view) {
        return new QueryResponder.Answer(json(mapper, view), view.to() == null ? Long.MIN_VALUE
                : view.to().toEpochMilli());
    }

    private static byte[] json(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URI without its password, for logs and errors. */
    static String redact(String uri) {
        return uri == null ? "" : uri.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
    }

    /** Where the ingest edge sends valid readings in this mode. */
    @Produces
    @ApplicationScoped
    ReadingSink sink() {
        if (mode != Mode.FRONT) {
            return analysis::ingest;
        }
        return batch -> new BatchResult(publisher.publish(batch), 0, List.of(), 0);
    }

    public Mode mode() {
        return mode;
    }

    public Partitioner partitioner() {
        return partitioner;
    }

    /** The broker connection (front and worker modes). */
    public Optional<Connection> connection() {
        return Optional.ofNullable(connection);
    }

    /** The metrics query requester (front mode). */
    public Optional<QueryRequester> requester() {
        return Optional.ofNullable(requester);
    }

    /**
     * Keeps an event the event mesh could not deliver in the durable dead-letter queue, persistent, and returns once
     * the broker confirmed it (front mode).
     *
     * @throws IllegalStateException in another mode: only fronts receive events from a mesh
     * @throws IOException           when the broker did not take it (nothing was kept)
     */
    public void keepDeadLetter(Map<String, Object> headers, String contentType, byte[] body) throws IOException {
        if (deadLetters == null) {
            throw new IllegalStateException("this server runs in mode " + mode.key() + "; dead-lettered events "
                    + "are kept by fronts (rtda.mode=front), which hold a broker connection");
        }
        deadLetters.publishDeclaring(Topology.deadLetterQueue(partitioner), headers, contentType, body);
    }

    /** The worker (worker mode). */
    public Optional<PartitionWorker> worker() {
        return Optional.ofNullable(worker);
    }

    @PreDestroy
    void close() {
        if (responder != null) {
            responder.close();
        }
        if (requester != null) {
            requester.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (connection != null && connection.isOpen()) {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("closing the broker connection: %s", e);
            }
        }
    }
}
