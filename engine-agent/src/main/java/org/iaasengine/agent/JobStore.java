package org.iaasengine.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Where an orchestrator keeps the jobs it submitted and their answers, so that
 * {@link Orchestrator#job} finds a job after the orchestrator restarted and the jobs still
 * unanswered are sent again (the agents answer a repeated job from their journal). A job is
 * written before it is published; its first answer is kept, later ones (a redelivery answered
 * from the journal) are not.
 *
 * <pre>{@code
 * JobStore store = JobStore.sqlite(Path.of("/var/lib/iaas-engine/orchestrator.db"));
 * JobStore shared = JobStore.postgres(SqlJournal.postgresDataSource(url, user, password));
 * }</pre>
 */
public interface JobStore extends AutoCloseable {

    /** A job as kept: {@code answer} is null while it is unanswered. */
    record Job(String jobId, String orchestrator, String node, String action, String requestJson, Instant submittedAt,
            Jobs.Answer answer) {
    }

    /** Keeps a job before it is published. */
    void submitted(Job job);

    /** Keeps {@code answer} if the job had none; returns true when it was the first. */
    boolean answered(String jobId, Jobs.Answer answer);

    /** Forgets a job that was never queued (the broker refused it). */
    void forget(String jobId);

    Optional<Job> find(String jobId);

    /** The unanswered jobs of orchestrator {@code name}, oldest first. */
    List<Job> unanswered(String name);

    /** The {@code limit} most recently submitted jobs of every orchestrator in this store, newest first. */
    List<Job> recent(int limit);

    @Override
    void close();

    /** A store in memory: nothing survives the process. */
    static JobStore memory() {
        return new Memory();
    }

    /** A store in a SQLite file (made readable by its owner only). */
    static JobStore sqlite(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot make the job store " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return new Sql(ds, file.toString());
    }

    /** A store on PostgreSQL (shared by the orchestrators of a cluster). */
    static JobStore postgres(DataSource ds) {
        return new Sql(ds, "postgresql");
    }

    /** The in-memory store. */
    final class Memory implements JobStore {
        private final Map<String, Job> jobs = new ConcurrentHashMap<>();

        @Override
        public void submitted(Job job) {
            jobs.putIfAbsent(job.jobId(), job);
        }

        @Override
        public boolean answered(String jobId, Jobs.Answer answer) {
            boolean[] first = {false};
            jobs.computeIfPresent(jobId, (id, j) -> {
                if (j.answer() != null) {
                    return j;
                }
                first[0] = true;
                return new Job(j.jobId(), j.orchestrator(), j.node(), j.action(), j.requestJson(), j.submittedAt(),
                        answer);
            });
            return first[0];
        }

        @Override
        public void forget(String jobId) {
            jobs.remove(jobId);
        }

        @Override
        public Optional<Job> find(String jobId) {
            return Optional.ofNullable(jobs.get(jobId));
        }

        @Override
        public List<Job> unanswered(String name) {
            return jobs.values().stream().filter(j -> j.answer() == null && j.orchestrator().equals(name))
                    .sorted(java.util.Comparator.comparing(Job::submittedAt)).toList();
        }

        @Override
        public List<Job> recent(int limit) {
            org.iaasengine.core.InvalidInputException.check(limit > 0, "limit must be positive, was %s", limit);
            return jobs.values().stream().sorted(java.util.Comparator.comparing(Job::submittedAt).reversed()
                    .thenComparing(Job::jobId)).limit(limit).toList();
        }

        @Override
        public void close() {
        }
    }

    /** The JDBC store (SQLite or PostgreSQL), its schema by Flyway ({@code db/orchestrator}). */
    final class Sql implements JobStore {
        private final DataSource ds;
        private final String description;

        Sql(DataSource ds, String description) {
            this.ds = Objects.requireNonNull(ds, "ds");
            this.description = description;
            try {
                Flyway.configure(JobStore.class.getClassLoader()).dataSource(ds).locations("classpath:db/orchestrator")
                        .table("orchestrator_schema_history")
                        // The database may hold other tables (the journal's): its own history starts at 0.
                        .baselineOnMigrate(true).baselineVersion("0").load().migrate();
            } catch (FlywayException e) {
                throw new IllegalStateException("cannot bring the job store " + description + " to this version: "
                        + e.getMessage(), e);
            }
        }

        private interface Work<T> {
            T run(Connection c) throws SQLException;
        }

        private <T> T with(String what, Work<T> w) {
            try (Connection c = ds.getConnection()) {
                return w.run(c);
            } catch (SQLException e) {
                throw new IllegalStateException("job store " + description + ": cannot " + what + ": " + e.getMessage(),
                        e);
            }
        }

        @Override
        public void submitted(Job j) {
            with("keep job " + j.jobId(), c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO orchestrator_job (job_id, orchestrator,"
                        + " node, action, request_json, submitted_at) VALUES (?,?,?,?,?,?)")) {
                    ps.setQueryTimeout(30);
                    ps.setString(1, j.jobId());
                    ps.setString(2, j.orchestrator());
                    ps.setString(3, j.node());
                    ps.setString(4, j.action());
                    ps.setString(5, j.requestJson());
                    ps.setLong(6, j.submittedAt().toEpochMilli());
                    return ps.executeUpdate();
                }
            });
        }

        @Override
        public boolean answered(String jobId, Jobs.Answer answer) {
            return with("keep the answer of job " + jobId, c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE orchestrator_job SET answer_json = ?,"
                        + " answered_at = ? WHERE job_id = ? AND answered_at IS NULL")) {
                    ps.setQueryTimeout(30);
                    ps.setString(1, new String(Jobs.write(answer), java.nio.charset.StandardCharsets.UTF_8));
                    ps.setLong(2, System.currentTimeMillis());
                    ps.setString(3, jobId);
                    return ps.executeUpdate() == 1;
                }
            });
        }

        @Override
        public void forget(String jobId) {
            with("forget job " + jobId, c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM orchestrator_job WHERE job_id = ?")) {
                    ps.setQueryTimeout(30);
                    ps.setString(1, jobId);
                    return ps.executeUpdate();
                }
            });
        }

        @Override
        public Optional<Job> find(String jobId) {
            return with("read job " + jobId, c -> {
                try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE job_id = ?")) {
                    ps.setQueryTimeout(30);
                    ps.setString(1, jobId);
                    List<Job> l = read(ps);
                    return l.isEmpty() ? Optional.<Job>empty() : Optional.of(l.get(0));
                }
            });
        }

        @Override
        public List<Job> unanswered(String name) {
            return with("read the unanswered jobs", c -> {
                try (PreparedStatement ps = c.prepareStatement(SELECT
                        + " WHERE orchestrator = ? AND answered_at IS NULL ORDER BY submitted_at")) {
                    ps.setQueryTimeout(30);
                    ps.setString(1, name);
                    return read(ps);
                }
            });
        }

        @Override
        public List<Job> recent(int limit) {
            org.iaasengine.core.InvalidInputException.check(limit > 0, "limit must be positive, was %s", limit);
            return with("read the recent jobs", c -> {
                try (PreparedStatement ps = c.prepareStatement(SELECT
                        + " ORDER BY submitted_at DESC, job_id LIMIT ?")) {
                    ps.setQueryTimeout(30);
                    ps.setInt(1, limit);
                    return read(ps);
                }
            });
        }

        private static final String SELECT = "SELECT job_id, orchestrator, node, action, request_json, submitted_at,"
                + " answer_json FROM orchestrator_job";

        private static List<Job> read(PreparedStatement ps) throws SQLException {
            List<Job> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String a = rs.getString(7);
                    out.add(new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            Instant.ofEpochMilli(rs.getLong(6)), a == null ? null
                                    : Jobs.read(a.getBytes(java.nio.charset.StandardCharsets.UTF_8), Jobs.Answer.class)));
                }
            }
            return out;
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "job store " + description;
        }
    }
}
