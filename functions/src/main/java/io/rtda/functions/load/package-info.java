/**
 * {@code ./rtda load}: a load generator that posts NDJSON batches to a running server at a set rate and
 * reports throughput and latency percentiles. JDK only (java.net.http), so it runs from the classes alone.
 */
package io.rtda.functions.load;
