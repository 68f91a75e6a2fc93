-- The age index gains the stream, so that it serves a point lookup as well as the primary key does. On an
-- empty table H2's planner picks it for the writer's MERGE (equal on step_ms and bucket_start), keeps that
-- plan, and then every merge scanned the whole bucket: writing N streams' points of one second took O(N^2)
-- (4,000 streams: 38 s). With the stream in it, either index finds one row. Retention deletes still use its
-- (step_ms, bucket_start) prefix.
DROP INDEX rtda_history_age;
CREATE INDEX rtda_history_age ON rtda_history (step_ms, bucket_start, stream);
