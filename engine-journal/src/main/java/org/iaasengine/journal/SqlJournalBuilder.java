package org.iaasengine.journal;

import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Builds a {@link SqlJournal}; {@link #open()} migrates the schema and checks the file. */
public final class SqlJournalBuilder {
    private final Path file;
    private final DataSource dataSource;
    private final String description;

    private SqlJournal.Synchronous synchronous = SqlJournal.Synchronous.FULL;
    private String owner = "local";
    private Duration keepFor = Duration.ofDays(7);
    private int keepLast = 1000;

    SqlJournalBuilder(Path file, DataSource dataSource) {
        this.file = file;
        this.dataSource = dataSource;
        this.description = file != null ? file.toString() : "postgres " + dataSource;
    }

    String description() {
        return description;
    }

    String owner() {
        return owner;
    }

    Duration keepFor() {
        return keepFor;
    }

    int keepLast() {
        return keepLast;
    }

    /** SQLite only: the {@code synchronous} setting (default {@link SqlJournal.Synchronous#FULL}). */
    public SqlJournalBuilder synchronous(SqlJournal.Synchronous s) {
        Preconditions.checkState(file != null, "synchronous is a SQLite setting; this journal is on PostgreSQL");
        this.synchronous = Objects.requireNonNull(s, "synchronous");
        return this;
    }

    /**
     * The owner of the runs this journal writes and recovers (default {@code local}): with a
     * journal several processes share, each names itself (a host agent its node), and each
     * recovers only its own runs.
     */
    public SqlJournalBuilder owner(String name) {
        Preconditions.checkArgument(name != null && !name.isBlank() && name.length() <= 200,
                "journal owner must be 1 to 200 characters, was '%s'", name);
        this.owner = name;
        return this;
    }

    /**
     * Finished runs are kept for {@code time} and then pruned, except the newest {@code count}
     * finished ones (default 7 days, 1000). Unfinished runs are never pruned.
     */
    public SqlJournalBuilder retention(Duration time, int count) {
        Preconditions.checkArgument(time != null && !time.isNegative(), "retention time must not be negative, was %s",
                time);
        Preconditions.checkArgument(count >= 0, "retention count must not be negative, was %s", count);
        this.keepFor = time;
        this.keepLast = count;
        return this;
    }

    /**
     * Opens the journal: checks a SQLite file's integrity, brings the schema to the newest
     * version (Flyway) and opens the connection.
     *
     * @throws JournalException naming the file when it is not a readable journal (corrupt,
     *     torn, not a database) or the database cannot be reached
     */
    public SqlJournal open() {
        if (file != null) {
            return openSqlite();
        }
        Schema.migrate(dataSource, description);
        SqlJournal j = new SqlJournal(this, () -> {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(true);
            return c;
        });
        j.connect();
        return j;
    }

    private SqlJournal openSqlite() {
        Schema.makeFile(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous == SqlJournal.Synchronous.FULL ? SQLiteConfig.SynchronousMode.FULL
                : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Schema.checkIntegrity(file, ds);
        Schema.migrate(ds, description);
        SqlJournal j = new SqlJournal(this, ds::getConnection);
        j.connect();
        return j;
    }
}
