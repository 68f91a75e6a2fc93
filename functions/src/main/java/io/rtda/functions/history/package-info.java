/**
 * Statistics history: per-stream points at 1 s, 1 min and 1 h resolution, each level with its own
 * retention, written in batches off the ingest path to an embedded H2 file or PostgreSQL (schema by Flyway
 * migrations), and read back for a time range at the resolution that covers it. Plain Java: the Quarkus
 * wiring lives in {@code HistoryService}.
 */
package io.rtda.functions.history;
