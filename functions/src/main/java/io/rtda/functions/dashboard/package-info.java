/**
 * The browser dashboard's live feed. {@link io.rtda.functions.dashboard.StreamBoard} (plain Java) keeps the
 * latest published frame of every followed stream: the ingest path only marks a stream changed and keeps its
 * highest-scoring update, and a publisher on its own schedule turns changes into numbered versions. Each
 * connection ({@link io.rtda.functions.dashboard.BoardCursor}) reads the frames newer than the version it last
 * sent, at most {@code rtda.dashboard.max-rate} times per second; a client that cannot keep up skips sends and
 * later receives only the newest frame of each stream, so no backlog builds and ingest never waits for a
 * browser. {@code DashboardPublisher} and {@code DashboardResource} are the thin Quarkus adapters.
 */
package io.rtda.functions.dashboard;
