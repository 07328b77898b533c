-- The jobs an orchestrator submitted, and their answers: job(id) after the orchestrator restarted.
CREATE TABLE orchestrator_job (
    job_id        VARCHAR(200) NOT NULL PRIMARY KEY,
    orchestrator  VARCHAR(100) NOT NULL,
    node          VARCHAR(100) NOT NULL,
    action        VARCHAR(100) NOT NULL,
    request_json  TEXT NOT NULL,
    submitted_at  BIGINT NOT NULL,
    answer_json   TEXT,
    answered_at   BIGINT
);
CREATE INDEX orchestrator_job_open ON orchestrator_job (orchestrator, answered_at);
