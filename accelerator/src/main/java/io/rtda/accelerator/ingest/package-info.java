/**
 * The in-process ingest path: a batch of valid readings is grouped by stream, each stream's window is
 * updated under that stream's lock, its statistics are recomputed once per batch and handed to a
 * {@link io.rtda.accelerator.ingest.WindowAnalyzer} (the anomaly models), and the result is published as
 * an immutable {@link io.rtda.accelerator.ingest.StreamSnapshot} that queries read without locking.
 */
package io.rtda.accelerator.ingest;
