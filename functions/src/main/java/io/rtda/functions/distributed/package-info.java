/**
 * The distributed shape ({@code rtda.mode=all-in-one|front|worker}): stateless fronts validate readings and
 * publish them to RabbitMQ, partitioned by a stable hash of the stream id into {@code rtda.readings.<p>}
 * queues; stateful workers consume those queues with RabbitMQ's single-active-consumer, so the broker decides
 * which worker owns a partition and fails it over. The broker classes ({@link Partitioner},
 * {@link PartitionPublisher}, {@link PartitionWorker}, {@link ReadingCodec}) are plain Java over the AMQP
 * client; {@link DistributedRuntime} is the Quarkus adapter that wires them by mode.
 */
package io.rtda.functions.distributed;
