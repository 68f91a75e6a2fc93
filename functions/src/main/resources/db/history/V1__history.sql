-- Statistics history (io.rtda.functions.history). Portable across H2 2.x and PostgreSQL 15+.
CREATE TABLE rtda_history (
    stream       VARCHAR(200)     NOT NULL,
    step_ms      BIGINT           NOT NULL,
    bucket_start BIGINT           NOT NULL,
    updates      BIGINT           NOT NULL,
    mean         DOUBLE PRECISION NOT NULL,
    std          DOUBLE PRECISION NOT NULL,
    min_value    DOUBLE PRECISION NOT NULL,
    max_value    DOUBLE PRECISION NOT NULL,
    p50          DOUBLE PRECISION NOT NULL,
    p95          DOUBLE PRECISION NOT NULL,
    last_value   DOUBLE PRECISION NOT NULL,
    last_time    BIGINT           NOT NULL,
    score        DOUBLE PRECISION,
    PRIMARY KEY (stream, step_ms, bucket_start)
);

-- Retention deletes by level and age.
CREATE INDEX rtda_history_age ON rtda_history (step_ms, bucket_start);
