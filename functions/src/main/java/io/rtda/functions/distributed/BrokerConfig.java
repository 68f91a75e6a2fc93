package io.rtda.functions.distributed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The broker of the distributed modes ({@code rtda.broker.*}); unused in all-in-one mode. */
@ConfigMapping(prefix = "rtda.broker")
public interface BrokerConfig {
    /**
     * AMQP URI of RabbitMQ (environment {@code RTDA_BROKER_URI}). Unset: built from the same settings the
     * messaging channels use, {@code rabbitmq-host/-port/-username/-password/-ssl} (environment {@code
     * RABBITMQ_HOST}, ...), which default to {@code amqp://guest:guest@127.0.0.1:5672/%2F}.
     */
    Optional<String> uri();

    /** Partitions P: queues {@code rtda.readings.0..P-1}. Every front and worker must agree. */
    @WithDefault("16")
    int partitions();

    /** Queue name prefix: partition p is the queue {@code <prefix><p>}. */
    @WithDefault(Partitioner.QUEUE_PREFIX)
    String queuePrefix();

    /** Unacknowledged messages a worker holds per partition. */
    @WithDefault("32")
    int prefetch();

    /** How long a front waits for a worker holding the stream to answer a metrics query (404 after). */
    @WithDefault("PT0.5S")
    Duration queryTimeout();

    /**
     * This worker's index among {@code worker-count} workers started together (environment {@code
     * RTDA_BROKER_WORKER_INDEX}): it registers first on the partitions {@code p} with {@code p mod count ==
     * index} and on the others {@code standby-delay} later, so it is the active consumer of its own share and
     * the standby of the rest. Unset: it registers on every partition at once, and the first worker started
     * owns them all (the others stand by).
     */
    Optional<Integer> workerIndex();

    /** How many workers share the partitions by {@code worker-index}. */
    @WithDefault("1")
    int workerCount();

    /** How long a worker with a {@code worker-index} waits before standing by on the other partitions. */
    @WithDefault("PT3S")
    Duration standbyDelay();

    /**
     * How often a worker with an index checks whether it is active on a partition another worker prefers while
     * that worker is registered again (after a connection drop it took over), and hands the partition back.
     */
    @WithDefault("PT10S")
    Duration rebalanceInterval();

    /**
     * How long a front waits, after a worker's first answer to a metrics query, for another worker's answer
     * with newer data (a restarted worker answers from its restored checkpoint for streams it no longer owns).
     */
    @WithDefault("PT0.02S")
    Duration queryGrace();

    /** How long a front waits for the broker to confirm a batch before answering 503. */
    @WithDefault("PT5S")
    Duration confirmTimeout();
}
