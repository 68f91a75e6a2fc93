/**
 * A reading: one value of one stream at one event time, with optional tags. The rules for what is a
 * valid reading live here once, so every ingest path (HTTP, brokers, functions) applies the same checks
 * and reports the same field names and reasons.
 */
package io.rtda.accelerator.reading;
