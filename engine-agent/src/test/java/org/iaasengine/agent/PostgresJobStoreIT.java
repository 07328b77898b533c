package org.iaasengine.agent;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.iaasengine.journal.SqlJournal;
import org.junit.jupiter.api.Test;

/** The job store on the real PostgreSQL that {@code scripts/postgres-up.sh} starts: the same rules as SQLite. */
class PostgresJobStoreIT {
    @Test
    void postgresKeepsJobsAndTheFirstAnswerOnly() throws Exception {
        DataSource ds = SqlJournal.postgresDataSource("jdbc:postgresql://127.0.0.1:5432/iaas_journal", "iaas", "iaas");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(30);
            s.execute("DROP TABLE IF EXISTS orchestrator_job");
            s.execute("DROP TABLE IF EXISTS orchestrator_vm");
            s.execute("DROP TABLE IF EXISTS orchestrator_leftover");
            s.execute("DROP TABLE IF EXISTS orchestrator_schema_history");
        }
        try (JobStore store = JobStore.postgres(ds); JobStore again = JobStore.postgres(ds)) {
            JobStoreTest.contract(store, again);
            JobStoreTest.vmContract(store, again);
        }
    }
}
