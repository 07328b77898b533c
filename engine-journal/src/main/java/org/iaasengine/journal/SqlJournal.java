package org.iaasengine.journal;

import com.google.common.base.Preconditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.iaasengine.core.spi.Journal;
import org.iaasengine.request.ActionRequest;
import org.iaasengine.request.RequestCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The durable action journal on a real database: SQLite for one process (one file, WAL), or
 * PostgreSQL for a journal that several processes share, through one JDBC code; the schema is
 * kept by Flyway ({@code db/journal/V*.sql}).
 *
 * <p>Write-ahead: the engine makes each {@link Journal} call before the change it records goes on,
 * and every record is committed before anything more acts on a host: the request and the first
 * step's start before that step's command, a step's result before the next step starts, each
 * revert, the outcome. Batching: a run's request and a step's result are held in memory and
 * committed in one transaction with the run's next record that precedes an effect (the start of
 * a step with effects, the start of the revert, the outcome); the start of a step whose command
 * has no effect outside the process ({@link org.iaasengine.core.Command#effects}: a read, the
 * in-memory model) is not recorded (nothing of it needs settling after a crash); every other call
 * commits before it returns. So a step with effects costs one commit, a step without none, at
 * most one fsync per transition: on
 * SQLite in WAL mode with {@link Synchronous#FULL} one fsync of the WAL per commit, with
 * {@link Synchronous#NORMAL} none (the WAL is synced at checkpoints: safe against the death of the
 * process, not against a power cut). Runs are serialized on one connection; runs are not batched
 * with each other.
 *
 * <p>Each row carries a CRC-32 of its content: a row that does not match (a torn or corrupted
 * file) is reported and its run is not acted upon. Opening a SQLite file that is not a database,
 * or fails its integrity check, is a {@link JournalException} naming the file.
 *
 * <pre>{@code
 * try (SqlJournal journal = SqlJournal.sqlite(Path.of("/var/lib/iaas/journal.db")).open();
 *      Engine engine = Engine.builder().journal(journal).build()) {
 *     RecoveryReport report = JournalRecovery.recover(engine, journal, registry, context, Duration.ofMinutes(5));
 *     ...
 * }
 * }</pre>
 */
public final class SqlJournal implements Journal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqlJournal.class);
    /** The timeout of every statement, in seconds. */
    private static final int STATEMENT_TIMEOUT_S = 30;

    /** SQLite's {@code synchronous} setting in WAL mode. */
    public enum Synchronous {
        /** An fsync of the WAL at every commit: durable against a power cut. */
        FULL,
        /** No fsync at commit: durable against the death of the process, not of the machine. */
        NORMAL
    }

    /** Where a run stands in the journal. */
    public enum State {
        RUNNING, SUCCEEDED, FAILED, PENDING
    }

    /** The kinds of transition records of a run. */
    public enum Kind {
        STARTED, SUCCEEDED, REVERTING, REVERTED, REVERT_FAILED
    }

    private final String description;
    private final ConnectionSource source;
    private final String owner;
    private final Duration keepFor;
    private final int keepLast;
    private final ValueCodec values = new ValueCodec();
    private final Map<String, Integer> nextSeq = new HashMap<>();
    /** Per run: records written but not committed yet (see {@link #record}). */
    private final Map<String, List<Write>> held = new HashMap<>();
    /** The write path's prepared statements on the current connection, by SQL. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private Connection connection;
    private int finishedSincePrune;
    private boolean closed;

    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private SqlJournal(Builder b, ConnectionSource source) {
        this.description = b.description;
        this.source = source;
        this.owner = b.owner;
        this.keepFor = b.keepFor;
        this.keepLast = b.keepLast;
    }

    /** A journal in the SQLite file {@code file} (made, with its directory, when missing). */
    public static Builder sqlite(Path file) {
        Objects.requireNonNull(file, "file");
        return new Builder(file, null);
    }

    /** A journal in the PostgreSQL database of {@code dataSource}, which several processes may share. */
    public static Builder postgres(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new Builder(null, dataSource);
    }

    /**
     * A PostgreSQL data source for {@link #postgres}: {@code url} such as
     * {@code jdbc:postgresql://db:5432/iaas}, with a 10 s connect timeout and a 60 s socket timeout
     * (every call to the database has one).
     */
    public static DataSource postgresDataSource(String url, String user, String password) {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(Objects.requireNonNull(url, "url"));
        ds.setUser(user);
        ds.setPassword(password);
        ds.setConnectTimeout(10);
        ds.setSocketTimeout(60);
        return ds;
    }

    /** The owner whose runs this journal writes and recovers. */
    public String owner() {
        return owner;
    }

    /** What this journal is kept in, for messages: the SQLite file or the PostgreSQL data source. */
    public String description() {
        return description;
    }

    ValueCodec values() {
        return values;
    }

    // ------------------------------------------------------------------ writing (the Journal SPI)

    @Override
    public void actionStarted(String actionId, String actionName, String resourceKey, Object request) {
        String json = request instanceof ActionRequest r ? RequestCodec.writer().toJson(r) : null;
        if (request != null && json == null) {
            LOG.warn("action {} ({}): its request is a {}, not an ActionRequest: the journal cannot rebuild it",
                    actionName, actionId, request.getClass().getName());
        }
        long now = System.currentTimeMillis();
        hold(actionId, 1, c -> {
            PreparedStatement ps = prepared(c, "INSERT INTO journal_action (action_id, owner, runner,"
                    + " action_name, resource_key, request_json, state, started_at, checksum)"
                + " VALUES (?,?,?,?,?,?,?,?,?)");
            ps.setString(1, actionId);
            ps.setString(2, owner);
            ps.setString(3, Runner.SELF);
            ps.setString(4, actionName);
            ps.setString(5, resourceKey);
            ps.setString(6, json);
            ps.setString(7, State.RUNNING.name());
            ps.setLong(8, now);
            ps.setLong(9, Checksums.action(actionId, owner, actionName, resourceKey, json));
            ps.executeUpdate();
        });
    }

    @Override
    public void stepStarted(String actionId, int index, String step, int attempt) {
        stepStarted(actionId, index, step, attempt, true);
    }

    /**
     * The start of a step without effects outside the process is not recorded at all: a crash
     * during it leaves nothing to settle, and its result (recorded) is what a recovery needs.
     */
    @Override
    public void stepStarted(String actionId, int index, String step, int attempt, boolean effects) {
        if (effects) {
            record(actionId, Kind.STARTED, index, step, attempt, null, null, false);
        }
    }

    @Override
    public void stepSucceeded(String actionId, int index, String step, Object result) {
        ValueCodec.Encoded v = values.encode(actionId, step, result);
        record(actionId, Kind.SUCCEEDED, index, step, 0, v.type(), v.json(), true);
    }

    @Override
    public void revertStarted(String actionId, String failedStep, String reason) {
        record(actionId, Kind.REVERTING, -1, failedStep, 0, null, reason, false);
    }

    @Override
    public void stepReverted(String actionId, int index, String step, boolean ok) {
        record(actionId, ok ? Kind.REVERTED : Kind.REVERT_FAILED, index, step, 0, null, null, false);
    }

    @Override
    public void actionFinished(String actionId, boolean succeeded) {
        setState(actionId, succeeded ? State.SUCCEEDED : State.FAILED, null, true);
    }

    @Override
    public void actionPending(String actionId, String reason) {
        setState(actionId, State.PENDING, reason, false);
    }

    private void setState(String actionId, State state, String reason, boolean finished) {
        long now = System.currentTimeMillis();
        boolean prune = commit(actionId, "record the outcome of action " + actionId, c -> {
            PreparedStatement ps = prepared(c, "UPDATE journal_action SET state = ?, reason = ?,"
                + " finished_at = ?, claimed_until = NULL WHERE action_id = ?");
            ps.setString(1, state.name());
            ps.setString(2, reason);
            if (finished) {
                ps.setLong(3, now);
            } else {
                ps.setNull(3, Types.BIGINT);
            }
            ps.setString(4, actionId);
            if (ps.executeUpdate() != 1) {
                throw new JournalException("the journal " + description + " has no action " + actionId
                        + " to record the outcome of");
            }
        }) && finished && ++finishedSincePrune >= 100;
        synchronized (this) {
            nextSeq.remove(actionId);
        }
        if (prune) {
            finishedSincePrune = 0;
            prune();
        }
    }

    /**
     * Records one transition. A step's result ({@code hold}) is held in memory and committed with
     * the run's next record, which comes before anything else acts on a host (the next step's
     * start, the start of the revert, the outcome): so a step costs one commit, not two, and the
     * write-ahead order holds. A process that dies between a result and that next record lost
     * nothing a command did after it: the recovery finds the step in flight and asks the host.
     */
    private void record(String actionId, Kind kind, int index, String step, int attempt, String type, String json,
            boolean hold) {
        long now = System.currentTimeMillis();
        Write insert;
        int seq;
        synchronized (this) {
            Integer next = nextSeq.get(actionId);
            if (next == null) {
                // A recovered run: go on after what its first process wrote.
                next = read("read the records of action " + actionId, c -> nextSeqFromTable(c, actionId));
            }
            seq = next;
            nextSeq.put(actionId, seq + 1);
        }
        insert = c -> {
            PreparedStatement ps = prepared(c, "INSERT INTO journal_record (action_id, seq, kind,"
                + " step_index, step_name, attempt, value_type, value_json, at, checksum)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?)");
            ps.setString(1, actionId);
            ps.setInt(2, seq);
            ps.setString(3, kind.name());
            ps.setInt(4, index);
            ps.setString(5, step);
            ps.setInt(6, attempt);
            ps.setString(7, type);
            ps.setString(8, json);
            ps.setLong(9, now);
            ps.setLong(10, Checksums.record(actionId, seq, kind.name(), index, step, attempt, type, json));
            ps.executeUpdate();
        };
        if (hold) {
            hold(actionId, -1, insert);
        } else {
            commit(actionId, "record " + kind + " of step " + step + " of action " + actionId, insert);
        }
    }

    /** Keeps {@code w} for the run's next commit; {@code firstSeq} > 0 starts the run's sequence. */
    private synchronized void hold(String actionId, int firstSeq, Write w) {
        if (firstSeq > 0) {
            nextSeq.put(actionId, firstSeq);
        }
        held.computeIfAbsent(actionId, k -> new ArrayList<>()).add(w);
    }

    /**
     * Commits what is held for {@code actionId} and {@code w}, in one transaction: one fsync on
     * SQLite FULL. What is held stays held when the commit fails, for the next one.
     */
    private synchronized boolean commit(String actionId, String what, Write w) {
        List<Write> before = held.getOrDefault(actionId, List.of());
        boolean done = read(what, c -> inTransaction(c, () -> {
            for (Write h : before) {
                h.run(c);
            }
            w.run(c);
            return true;
        }));
        held.remove(actionId);
        return done;
    }

    private int nextSeqFromTable(Connection c, String actionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM journal_record WHERE action_id = ?")) {
            ps.setString(1, actionId);
            try (ResultSet rs = timed(ps).executeQuery()) {
                rs.next();
                return rs.getInt(1) + 1;
            }
        }
    }

    // ------------------------------------------------------------------ reading

    /** The runs of this journal's owner that have no final outcome (RUNNING or PENDING), oldest first. */
    public List<ActionEntry> unfinished() {
        return query("list the unfinished actions", "SELECT * FROM journal_action WHERE owner = ? AND state IN ('"
                + State.RUNNING + "','" + State.PENDING + "') ORDER BY started_at, action_id", owner);
    }

    /** The newest {@code limit} runs of every owner, newest first. */
    public List<ActionEntry> list(int limit) {
        Preconditions.checkArgument(limit > 0, "limit must be positive, was %s", limit);
        return query("list the actions", "SELECT * FROM journal_action ORDER BY started_at DESC, action_id DESC LIMIT "
                + limit);
    }

    /** The run {@code actionId}, of any owner. */
    public Optional<ActionEntry> action(String actionId) {
        List<ActionEntry> found = query("read action " + actionId, "SELECT * FROM journal_action WHERE action_id = ?",
                actionId);
        return found.stream().findFirst();
    }

    /** The transition records of run {@code actionId}, in the order they were written. */
    public List<RecordEntry> records(String actionId) {
        return read("read the records of action " + actionId, c -> {
            List<RecordEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM journal_record WHERE action_id = ? ORDER BY seq")) {
                ps.setString(1, actionId);
                try (ResultSet rs = timed(ps).executeQuery()) {
                    while (rs.next()) {
                        out.add(new RecordEntry(rs.getString("action_id"), rs.getInt("seq"),
                                Kind.valueOf(rs.getString("kind")), rs.getInt("step_index"), rs.getString("step_name"),
                                rs.getInt("attempt"), rs.getString("value_type"), rs.getString("value_json"),
                                Instant.ofEpochMilli(rs.getLong("at")), rs.getLong("checksum")));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Takes run {@code entry} for one recovery, for {@code lease}: true for exactly one caller among
     * processes that try while no other holds it. The claim ends when the run's outcome (or its
     * pending) is written, or when the lease runs out (the recovering process died too).
     */
    boolean claim(ActionEntry entry, Duration lease) {
        long now = System.currentTimeMillis();
        return read("claim action " + entry.actionId() + " for recovery", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE journal_action SET recoveries = recoveries + 1,"
                    + " claimed_until = ? WHERE action_id = ? AND state IN ('" + State.RUNNING + "','"
                    + State.PENDING + "') AND (claimed_until IS NULL OR claimed_until < ?)")) {
                ps.setLong(1, now + lease.toMillis());
                ps.setString(2, entry.actionId());
                ps.setLong(3, now);
                return timed(ps).executeUpdate() == 1;
            }
        });
    }

    /**
     * Removes finished runs (succeeded or failed) older than the retention time, keeping the
     * newest {@code keepLast} finished ones whatever their age; unfinished runs are never removed.
     * Returns how many runs went.
     */
    public int prune() {
        long before = System.currentTimeMillis() - keepFor.toMillis();
        String finished = "state IN ('" + State.SUCCEEDED + "','" + State.FAILED + "')";
        // Old enough, and not among the newest keepLast finished runs.
        String old = "SELECT action_id FROM journal_action WHERE " + finished + " AND finished_at < ?"
                + " AND action_id NOT IN (SELECT action_id FROM journal_action WHERE " + finished
                + " ORDER BY finished_at DESC, action_id DESC LIMIT ?)";
        int gone = read("prune the journal", c -> inTransaction(c, () -> {
            try (PreparedStatement records = c.prepareStatement(
                    "DELETE FROM journal_record WHERE action_id IN (" + old + ")");
                    PreparedStatement actions = c.prepareStatement(
                            "DELETE FROM journal_action WHERE action_id IN (" + old + ")")) {
                records.setLong(1, before);
                records.setInt(2, keepLast);
                timed(records).executeUpdate();
                actions.setLong(1, before);
                actions.setInt(2, keepLast);
                return timed(actions).executeUpdate();
            }
        }));
        if (gone > 0) {
            LOG.info("journal {}: pruned {} finished action(s)", description, gone);
        }
        return gone;
    }

    private List<ActionEntry> query(String what, String sql, String... args) {
        return read(what, c -> {
            List<ActionEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                try (ResultSet rs = timed(ps).executeQuery()) {
                    while (rs.next()) {
                        long finished = rs.getLong("finished_at");
                        Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
                        out.add(new ActionEntry(rs.getString("action_id"), rs.getString("owner"),
                                rs.getString("runner"), rs.getString("action_name"), rs.getString("resource_key"), rs.getString("request_json"),
                                State.valueOf(rs.getString("state")), rs.getString("reason"),
                                Instant.ofEpochMilli(rs.getLong("started_at")), finishedAt, rs.getInt("recoveries"),
                                rs.getLong("checksum")));
                    }
                }
            }
            return out;
        });
    }

    // ------------------------------------------------------------------ the connection

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface Write {
        void run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} on the journal's connection, one caller at a time; a connection that broke
     * (PostgreSQL restarted) is opened again once.
     */
    private synchronized <T> T read(String what, Work<T> work) {
        if (closed) {
            throw new JournalException("the journal " + description + " is closed; cannot " + what);
        }
        for (int attempt = 1;; attempt++) {
            try {
                if (connection == null) {
                    connection = source.open();
                }
                return work.run(connection);
            } catch (SQLException e) {
                boolean broken = e.getSQLState() != null && e.getSQLState().startsWith("08");
                if (broken && attempt == 1) {
                    LOG.warn("journal {}: connection broke ({}); opening it again", description, e.getMessage());
                    closeQuietly();
                    continue;
                }
                throw JournalException.of("could not " + what + " in the journal " + description, e);
            }
        }
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws SQLException;
    }

    /** Runs {@code body} as one transaction on {@code c}: committed, or rolled back when it throws. */
    private static <T> T inTransaction(Connection c, Body<T> body) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = body.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static <S extends Statement> S timed(S s) throws SQLException {
        s.setQueryTimeout(STATEMENT_TIMEOUT_S);
        return s;
    }

    /**
     * The statement {@code sql} on {@code c}, prepared once per connection (the write path runs the
     * same three statements for every transition), with the statement timeout set.
     */
    private PreparedStatement prepared(Connection c, String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = timed(c.prepareStatement(sql));
            statements.put(sql, ps);
        }
        return ps;
    }

    private void closeQuietly() {
        statements.clear(); // closed with their connection
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly();
    }

    @Override
    public String toString() {
        return "SqlJournal[" + description + ", owner " + owner + "]";
    }

    // ------------------------------------------------------------------ building

    /** Builds a {@link SqlJournal}; {@link #open()} migrates the schema and checks the file. */
    public static final class Builder {
        private final Path file;
        private final DataSource dataSource;
        private final String description;
        private Synchronous synchronous = Synchronous.FULL;
        private String owner = "local";
        private Duration keepFor = Duration.ofDays(7);
        private int keepLast = 1000;

        private Builder(Path file, DataSource dataSource) {
            this.file = file;
            this.dataSource = dataSource;
            this.description = file != null ? file.toString() : "postgres " + dataSource;
        }

        /** SQLite only: the {@code synchronous} setting (default {@link Synchronous#FULL}). */
        public Builder synchronous(Synchronous s) {
            Preconditions.checkState(file != null, "synchronous is a SQLite setting; this journal is on PostgreSQL");
            this.synchronous = Objects.requireNonNull(s, "synchronous");
            return this;
        }

        /**
         * The owner of the runs this journal writes and recovers (default {@code local}): with a
         * journal several processes share, each names itself (a host agent its node), and each
         * recovers only its own runs.
         */
        public Builder owner(String name) {
            Preconditions.checkArgument(name != null && !name.isBlank() && name.length() <= 200,
                    "journal owner must be 1 to 200 characters, was '%s'", name);
            this.owner = name;
            return this;
        }

        /**
         * Finished runs are kept for {@code time} and then pruned, except the newest {@code count}
         * finished ones (default 7 days, 1000). Unfinished runs are never pruned.
         */
        public Builder retention(Duration time, int count) {
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
            migrate(dataSource);
            SqlJournal j = new SqlJournal(this, () -> {
                Connection c = dataSource.getConnection();
                c.setAutoCommit(true);
                return c;
            });
            j.read("open", c -> null);
            return j;
        }

        private SqlJournal openSqlite() {
            try {
                Path dir = file.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                if (!Files.exists(file)) {
                    // Readable by its owner only: step results may hold secrets (a domain XML's
                    // VNC password). SQLite gives its -wal and -shm files the same permissions.
                    Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                }
            } catch (java.io.IOException e) {
                throw new JournalException("cannot make the directory of the journal " + file + ": " + e, e);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(synchronous == Synchronous.FULL ? SQLiteConfig.SynchronousMode.FULL
                    : SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(10_000);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
            checkIntegrity(ds);
            migrate(ds);
            SqlJournal j = new SqlJournal(this, ds::getConnection);
            j.read("open", c -> null);
            return j;
        }

        private void checkIntegrity(SQLiteDataSource ds) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = timed(s).executeQuery("PRAGMA quick_check")) {
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

        private void migrate(DataSource ds) {
            try {
                Flyway.configure(SqlJournal.class.getClassLoader()).dataSource(ds)
                        .locations("classpath:db/journal").table("journal_schema_history").load().migrate();
            } catch (FlywayException e) {
                throw JournalException.of("cannot bring the schema of the journal " + description
                        + " to this version", e);
            }
        }
    }
}
