-- What placement and evacuation keep: each placed VM's create request (its host left out) and
-- demand, whether it is HA, the job that made its current copy; and the leftovers of evacuated
-- VMs on the hosts they left, until those hosts cleaned them up.
CREATE TABLE orchestrator_vm (
    vm_name          VARCHAR(200) NOT NULL PRIMARY KEY,
    orchestrator     VARCHAR(100) NOT NULL,
    node             VARCHAR(100) NOT NULL,
    request_json     TEXT NOT NULL,
    demand_json      TEXT NOT NULL,
    ha               INTEGER NOT NULL,
    job_id           VARCHAR(200) NOT NULL,
    generation       INTEGER NOT NULL,
    evacuated_from   VARCHAR(100),
    updated_at       BIGINT NOT NULL
);
CREATE TABLE orchestrator_leftover (
    vm_name      VARCHAR(200) NOT NULL,
    node         VARCHAR(100) NOT NULL,
    cleaned      INTEGER NOT NULL,
    PRIMARY KEY (vm_name, node)
);
