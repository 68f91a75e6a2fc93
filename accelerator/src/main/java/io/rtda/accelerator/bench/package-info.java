/**
 * Plain-Java benchmarks of the ingest path, run with {@code java --add-modules jdk.incubator.vector -cp
 * accelerator/target/classes io.rtda.accelerator.bench.IngestBench --help}. They measure single-threaded
 * throughput (so readings per second are per core) and latency of {@link
 * io.rtda.accelerator.ingest.WindowEngine#apply}, and the bandwidth of the statistics pass alone; they
 * first check that the backends agree and refuse to report numbers when they do not.
 */
package io.rtda.accelerator.bench;
