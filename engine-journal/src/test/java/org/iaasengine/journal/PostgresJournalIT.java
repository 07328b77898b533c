package org.iaasengine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The journal's contract on the real PostgreSQL that {@code scripts/postgres-up.sh} starts
 * (database {@code iaas_journal}, user {@code iaas}): each test in a schema of its own, dropped
 * at the end. Never skipped: no server is a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresJournalIT extends JournalContract {
    static final String URL = System.getProperty("iaas.journal.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/iaas_journal");
    private final List<String> schemas = new ArrayList<>();
    private javax.sql.DataSource current;

    static javax.sql.DataSource dataSource(String schema) {
        return SqlJournal.postgresDataSource(schema == null ? URL : URL + "?currentSchema=" + schema, "iaas", "iaas");
    }

    @Override
    SqlJournalBuilder fresh() {
        String schema = "t" + Long.toString(System.nanoTime(), 36);
        try (Connection c = dataSource(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (Exception e) {
            throw new AssertionError("PostgreSQL at " + URL + " (scripts/postgres-up.sh) is not usable: " + e, e);
        }
        schemas.add(schema);
        current = dataSource(schema);
        return SqlJournal.postgres(current);
    }

    @Override
    SqlJournalBuilder reopen() {
        return SqlJournal.postgres(current);
    }

    @Override
    void corrupt(SqlJournal journal, String actionId) throws Exception {
        try (Connection c = current.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE journal_record SET value_json = ?"
                        + " WHERE action_id = ? AND kind = 'SUCCEEDED' AND seq = 2")) {
            ps.setString(1, "{\"thing\":\"disk:other\",\"path\":\"file:///var/tmp/disk:other\"}");
            ps.setString(2, actionId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    @AfterAll
    void dropSchemas() throws Exception {
        try (Connection c = dataSource(null).getConnection(); Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
