package org.iaasengine.journal;

import com.google.common.base.Preconditions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The journal's reads, its recovery claim and its pruning, on its connection. */
final class JournalQueries {
    private static final Logger LOG = LoggerFactory.getLogger(JournalQueries.class);

    private final Db db;
    private final String owner;
    private final Duration keepFor;
    private final int keepLast;

    JournalQueries(Db db, String owner, Duration keepFor, int keepLast) {
        this.db = db;
        this.owner = owner;
        this.keepFor = keepFor;
        this.keepLast = keepLast;
    }

    /** The sequence number after the last record of run {@code actionId} (1 when it has none). */
    static int nextSeq(Connection c, String actionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM journal_record WHERE action_id = ?")) {
            ps.setString(1, actionId);
            try (ResultSet rs = Db.timed(ps).executeQuery()) {
                rs.next();
                return rs.getInt(1) + 1;
            }
        }
    }


    /** The runs of this journal's owner that have no final outcome (RUNNING or PENDING), oldest first. */
    List<ActionEntry> unfinished() {
        return query("list the unfinished actions", "SELECT * FROM journal_action WHERE owner = ? AND state IN ('"
                + SqlJournal.State.RUNNING + "','" + SqlJournal.State.PENDING + "') ORDER BY started_at, action_id", owner);
    }

    /** The newest {@code limit} runs of every owner, newest first. */
    List<ActionEntry> list(int limit) {
        Preconditions.checkArgument(limit > 0, "limit must be positive, was %s", limit);
        return query("list the actions", "SELECT * FROM journal_action ORDER BY started_at DESC, action_id DESC LIMIT "
                + limit);
    }

    /** The run {@code actionId}, of any owner. */
    Optional<ActionEntry> action(String actionId) {
        List<ActionEntry> found = query("read action " + actionId, "SELECT * FROM journal_action WHERE action_id = ?",
                actionId);
        return found.stream().findFirst();
    }

    /** The transition records of run {@code actionId}, in the order they were written. */
    List<RecordEntry> records(String actionId) {
        return db.run("read the records of action " + actionId, c -> {
            List<RecordEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM journal_record WHERE action_id = ? ORDER BY seq")) {
                ps.setString(1, actionId);
                try (ResultSet rs = Db.timed(ps).executeQuery()) {
                    while (rs.next()) {
                        out.add(new RecordEntry(rs.getString("action_id"), rs.getInt("seq"),
                                SqlJournal.Kind.valueOf(rs.getString("kind")), rs.getInt("step_index"), rs.getString("step_name"),
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
        return db.run("claim action " + entry.actionId() + " for recovery", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE journal_action SET recoveries = recoveries + 1,"
                    + " claimed_until = ? WHERE action_id = ? AND state IN ('" + SqlJournal.State.RUNNING + "','"
                    + SqlJournal.State.PENDING + "') AND (claimed_until IS NULL OR claimed_until < ?)")) {
                ps.setLong(1, now + lease.toMillis());
                ps.setString(2, entry.actionId());
                ps.setLong(3, now);
                return Db.timed(ps).executeUpdate() == 1;
            }
        });
    }

    /**
     * Removes finished runs (succeeded or failed) older than the retention time, keeping the
     * newest {@code keepLast} finished ones whatever their age; unfinished runs are never removed.
     * Returns how many runs went.
     */
    int prune() {
        long before = System.currentTimeMillis() - keepFor.toMillis();
        String finished = "state IN ('" + SqlJournal.State.SUCCEEDED + "','" + SqlJournal.State.FAILED + "')";
        // Old enough, and not among the newest keepLast finished runs.
        String old = "SELECT action_id FROM journal_action WHERE " + finished + " AND finished_at < ?"
                + " AND action_id NOT IN (SELECT action_id FROM journal_action WHERE " + finished
                + " ORDER BY finished_at DESC, action_id DESC LIMIT ?)";
        int gone = db.run("prune the journal", c -> Db.inTransaction(c, () -> {
            try (PreparedStatement records = c.prepareStatement(
                    "DELETE FROM journal_record WHERE action_id IN (" + old + ")");
                    PreparedStatement actions = c.prepareStatement(
                            "DELETE FROM journal_action WHERE action_id IN (" + old + ")")) {
                records.setLong(1, before);
                records.setInt(2, keepLast);
                Db.timed(records).executeUpdate();
                actions.setLong(1, before);
                actions.setInt(2, keepLast);
                return Db.timed(actions).executeUpdate();
            }
        }));
        if (gone > 0) {
            LOG.info("journal {}: pruned {} finished action(s)", db.description(), gone);
        }
        return gone;
    }

    private List<ActionEntry> query(String what, String sql, String... args) {
        return db.run(what, c -> {
            List<ActionEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                try (ResultSet rs = Db.timed(ps).executeQuery()) {
                    while (rs.next()) {
                        long finished = rs.getLong("finished_at");
                        Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
                        out.add(new ActionEntry(rs.getString("action_id"), rs.getString("owner"),
                                rs.getString("runner"), rs.getString("action_name"), rs.getString("resource_key"), rs.getString("request_json"),
                                SqlJournal.State.valueOf(rs.getString("state")), rs.getString("reason"),
                                Instant.ofEpochMilli(rs.getLong("started_at")), finishedAt, rs.getInt("recoveries"),
                                rs.getLong("checksum")));
                    }
                }
            }
            return out;
        });
    }

    Optional<Outcome> outcome(String actionId) {
        return db.run("read the outcome of action " + actionId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, outcome_type, outcome_json FROM journal_action"
                    + " WHERE action_id = ?")) {
                ps.setString(1, actionId);
                try (ResultSet rs = Db.timed(ps).executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    SqlJournal.State state = SqlJournal.State.valueOf(rs.getString(1));
                    if (state != SqlJournal.State.SUCCEEDED && state != SqlJournal.State.FAILED) {
                        return Optional.empty();
                    }
                    return Optional.of(new Outcome(state, rs.getString(2), rs.getString(3)));
                }
            }
        });
    }
}
