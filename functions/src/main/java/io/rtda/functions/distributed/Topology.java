package io.rtda.functions.distributed;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * Declares the partition queues the same way on fronts and workers (RabbitMQ refuses a redeclaration with
 * other arguments): durable, and {@code x-single-active-consumer} so only one worker consumes a partition at
 * a time and the broker hands it to the next registered consumer when that one goes away; and the durable
 * poison and dead-letter queues beside them.
 */
public final class Topology {
    /** Queue arguments of every partition queue. */
    public static final Map<String, Object> QUEUE_ARGUMENTS = Map.of("x-single-active-consumer", true);

    private Topology() {
    }

    /** Declares every partition's queue and the poison queue on the channel (idempotent). */
    public static void declare(Channel channel, Partitioner partitioner) throws IOException {
        for (int p = 0; p < partitioner.partitions(); p++) {
            channel.queueDeclare(partitioner.queue(p), true, false, false, QUEUE_ARGUMENTS);
        }
        channel.queueDeclare(poisonQueue(partitioner), true, false, false, null);
        channel.queueDeclare(deadLetterQueue(partitioner), true, false, false, null);
    }

    /** The durable queue workers move the messages they cannot apply to: {@code <prefix>poison}. */
    public static String poisonQueue(Partitioner partitioner) {
        return partitioner.prefix() + "poison";
    }

    /**
     * The durable queue fronts keep the events an event mesh gave up delivering in (a Knative Broker's dead-letter
     * sink): {@code <prefix>dead-letters}.
     */
    public static String deadLetterQueue(Partitioner partitioner) {
        return partitioner.prefix() + "dead-letters";
    }
}
