-- The durable action journal: one row per action run, one per transition of it.
-- Written for SQLite and PostgreSQL alike (one JDBC code).

CREATE TABLE journal_action (
    action_id     VARCHAR(120) NOT NULL PRIMARY KEY,
    owner         VARCHAR(200) NOT NULL,
    runner        VARCHAR(300) NOT NULL,
    action_name   VARCHAR(200) NOT NULL,
    resource_key  VARCHAR(400) NOT NULL,
    request_json  TEXT,
    state         VARCHAR(16)  NOT NULL,
    reason        TEXT,
    started_at    BIGINT       NOT NULL,
    finished_at   BIGINT,
    recoveries    INTEGER      NOT NULL DEFAULT 0,
    claimed_until BIGINT,
    checksum      BIGINT       NOT NULL
);

CREATE INDEX journal_action_open ON journal_action (owner, state);
CREATE INDEX journal_action_finished ON journal_action (finished_at);

CREATE TABLE journal_record (
    action_id   VARCHAR(120) NOT NULL,
    seq         INTEGER      NOT NULL,
    kind        VARCHAR(20)  NOT NULL,
    step_index  INTEGER      NOT NULL,
    step_name   VARCHAR(200) NOT NULL,
    attempt     INTEGER      NOT NULL,
    value_type  VARCHAR(300),
    value_json  TEXT,
    at          BIGINT       NOT NULL,
    checksum    BIGINT       NOT NULL,
    PRIMARY KEY (action_id, seq)
);
