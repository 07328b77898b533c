package org.iaasengine.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Opening a journal's store: the SQLite file made and checked, the schema brought up to date by Flyway. */
final class Schema {
    private Schema() {
    }

    /** Makes the SQLite file (and its directory) when missing, readable by its owner only. */
    static void makeFile(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            if (!Files.exists(file)) {
                // Step results may hold secrets (a domain XML's VNC password). SQLite gives its
                // -wal and -shm files the same permissions.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (java.io.IOException e) {
            throw new JournalException("cannot make the journal file " + file + ": " + e, e);
        }
    }

    /** SQLite's own check of the file; a file that fails it is a {@link JournalException} naming it. */
    static void checkIntegrity(Path file, DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = Db.timed(s).executeQuery("PRAGMA quick_check")) {
            List<String> problems = new ArrayList<>();
            while (rs.next()) {
                String line = rs.getString(1);
                if (!"ok".equals(line)) {
                    problems.add(line);
                }
            }
            if (!problems.isEmpty()) {
                throw new JournalException("the journal file " + file + " is corrupt (SQLite integrity check: "
                        + String.join("; ", problems.subList(0, Math.min(3, problems.size()))) + ")");
            }
        } catch (SQLException e) {
            throw JournalException.of("the journal file " + file + " cannot be read", e);
        }
    }

    /** Brings the schema of the journal in {@code ds} to this version ({@code db/journal/V*.sql}). */
    static void migrate(DataSource ds, String description) {
        try {
            Flyway.configure(Schema.class.getClassLoader()).dataSource(ds)
                    .locations("classpath:db/journal").table("journal_schema_history")
                    // A database shared with other tables (an orchestrator's job store): the
                    // journal's own history starts at 0, so V1 still runs.
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        } catch (FlywayException e) {
            throw JournalException.of("cannot bring the schema of the journal " + description + " to this version", e);
        }
    }
}
