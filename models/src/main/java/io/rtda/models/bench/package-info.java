/**
 * The model benchmark main ({@code ./rtda model-bench}): scoring plus incremental update, batched across
 * streams, on seeded synthetic streams; reports readings per second and the DJL engine load time.
 */
package io.rtda.models.bench;
