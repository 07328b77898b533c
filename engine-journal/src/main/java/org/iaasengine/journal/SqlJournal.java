package org.iaasengine.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.iaasengine.core.spi.Journal;
import org.iaasengine.request.ActionRequest;
import org.iaasengine.request.RequestCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private final Db db;
    private final JournalQueries queries;
    private final String owner;
    private final ValueCodec values = new ValueCodec();
    private final Map<String, Integer> nextSeq = new HashMap<>();
    /** Per run: records written but not committed yet (see {@link #record}). */
    private final Map<String, List<Write>> held = new HashMap<>();
    private int finishedSincePrune;

    SqlJournal(SqlJournalBuilder b, Db.ConnectionSource source) {
        this.db = new Db(b.description(), source);
        this.owner = b.owner();
        this.queries = new JournalQueries(db, owner, b.keepFor(), b.keepLast());
    }

    /** A journal in the SQLite file {@code file} (made, with its directory, when missing). */
    public static SqlJournalBuilder sqlite(Path file) {
        Objects.requireNonNull(file, "file");
        return new SqlJournalBuilder(file, null);
    }

    /** A journal in the PostgreSQL database of {@code dataSource}, which several processes may share. */
    public static SqlJournalBuilder postgres(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new SqlJournalBuilder(null, dataSource);
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
        return db.description();
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
            PreparedStatement ps = db.prepared(c, "INSERT INTO journal_action (action_id, owner, runner,"
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
        setState(actionId, succeeded ? State.SUCCEEDED : State.FAILED, null, true, null, null);
    }

    /** Keeps the outcome too: the result (class and JSON), or a summary of the failure. */
    @Override
    public void actionFinished(String actionId, boolean succeeded, Object outcome) {
        String type;
        String json;
        if (outcome instanceof org.iaasengine.core.ActionFailedException f) {
            type = Outcome.FAILURE;
            json = values.encode(actionId, "outcome", Outcome.Failure.of(f)).json();
        } else {
            // The result is kept to answer a repeated request; one that cannot be written as JSON
            // costs that answer (the request would run again), not the action's success.
            ValueCodec.Encoded v;
            try {
                v = values.encode(actionId, "outcome", outcome);
            } catch (JournalException e) {
                LOG.warn("action {}: its result is not kept in the journal: {}", actionId, e.getMessage());
                v = new ValueCodec.Encoded(outcome.getClass().getName(), null);
            }
            type = v.type();
            json = v.json();
        }
        setState(actionId, succeeded ? State.SUCCEEDED : State.FAILED, null, true, type, json);
    }

    @Override
    public void actionPending(String actionId, String reason) {
        setState(actionId, State.PENDING, reason, false, null, null);
    }

    private void setState(String actionId, State state, String reason, boolean finished, String outcomeType,
            String outcomeJson) {
        long now = System.currentTimeMillis();
        boolean prune = commit(actionId, "record the outcome of action " + actionId, c -> {
            PreparedStatement ps = db.prepared(c, "UPDATE journal_action SET state = ?, reason = ?, finished_at = ?,"
                    + " claimed_until = NULL, outcome_type = ?, outcome_json = ? WHERE action_id = ?");
            ps.setString(1, state.name());
            ps.setString(2, reason);
            if (finished) {
                ps.setLong(3, now);
            } else {
                ps.setNull(3, Types.BIGINT);
            }
            ps.setString(4, outcomeType);
            ps.setString(5, outcomeJson);
            ps.setString(6, actionId);
            if (ps.executeUpdate() != 1) {
                throw new JournalException("the journal " + db.description() + " has no action " + actionId
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
                next = db.run("read the records of action " + actionId, c -> JournalQueries.nextSeq(c, actionId));
            }
            seq = next;
            nextSeq.put(actionId, seq + 1);
        }
        insert = c -> {
            PreparedStatement ps = db.prepared(c, "INSERT INTO journal_record (action_id, seq, kind,"
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
        boolean done = db.run(what, c -> Db.inTransaction(c, () -> {
            for (Write h : before) {
                h.run(c);
            }
            w.run(c);
            return true;
        }));
        held.remove(actionId);
        return done;
    }

    // ------------------------------------------------------------------ reading

    /** The runs of this journal's owner that have no final outcome (RUNNING or PENDING), oldest first. */
    public List<ActionEntry> unfinished() {
        return queries.unfinished();
    }

    /** The newest {@code limit} runs of every owner, newest first. */
    public List<ActionEntry> list(int limit) {
        return queries.list(limit);
    }

    /** The run {@code actionId}, of any owner. */
    public Optional<ActionEntry> action(String actionId) {
        return queries.action(actionId);
    }

    /** The outcome of run {@code actionId} when it finished (succeeded or failed); empty otherwise. */
    public Optional<Outcome> outcome(String actionId) {
        return queries.outcome(actionId);
    }

    /** The transition records of run {@code actionId}, in the order they were written. */
    public List<RecordEntry> records(String actionId) {
        return queries.records(actionId);
    }

    /**
     * Takes run {@code entry} for one recovery, for {@code lease}: true for exactly one caller among
     * processes that try while no other holds it (see {@link JournalRecovery}).
     */
    boolean claim(ActionEntry entry, Duration lease) {
        return queries.claim(entry, lease);
    }

    /**
     * Removes finished runs (succeeded or failed) older than the retention time, keeping the
     * newest ones of the retention count whatever their age; unfinished runs are never removed.
     * Returns how many runs went.
     */
    public int prune() {
        return queries.prune();
    }

    @FunctionalInterface
    private interface Write {
        void run(Connection c) throws SQLException;
    }

    /** Opens the journal's connection once, so that a store that cannot be reached fails at open. */
    void connect() {
        db.run("open", c -> null);
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "SqlJournal[" + db.description() + ", owner " + owner + "]";
    }
}
