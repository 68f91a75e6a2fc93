-- Alert transitions (io.rtda.functions.history), one row per state change; event_id = <alert-id>#<sequence>.
CREATE TABLE rtda_alert_transitions (
    event_id   VARCHAR(400)     NOT NULL PRIMARY KEY,
    alert_id   VARCHAR(400)     NOT NULL,
    sequence   BIGINT           NOT NULL,
    rule_id    VARCHAR(200)     NOT NULL,
    stream     VARCHAR(200)     NOT NULL,
    from_state VARCHAR(16),
    to_state   VARCHAR(16)      NOT NULL,
    at         BIGINT           NOT NULL,
    severity   VARCHAR(32)      NOT NULL,
    body       VARCHAR(100000)  NOT NULL
);

CREATE INDEX rtda_alert_transitions_stream ON rtda_alert_transitions (stream, at);
CREATE INDEX rtda_alert_transitions_rule ON rtda_alert_transitions (rule_id, at);
