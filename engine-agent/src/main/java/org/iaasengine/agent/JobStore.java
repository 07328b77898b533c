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

    /**
     * A VM placed by orchestrator {@code orchestrator}: its create request as JSON with its host
     * left out ({@code null}), what it needs, whether it is recreated elsewhere when its host goes
     * offline ({@code ha}), the node and job of its current copy, how many times it was recreated
     * ({@code generation}) and the node its last recreation left ({@code evacuatedFrom}, or null).
     */
    record VmRecord(String vm, String orchestrator, String node, String requestJson,
            org.iaasengine.agent.placement.Demand demand, boolean ha, String jobId, int generation,
            String evacuatedFrom, Instant updatedAt) {
    }

    /** A copy of an evacuated VM left on {@code node}: fenced from the model until the node no longer reports it. */
    record Leftover(String vm, String node, boolean cleaned) {
    }

    /** Keeps (adds or replaces) a placed VM's record. */
    void keepVm(VmRecord vm);

    Optional<VmRecord> vm(String name);

    /** The records of orchestrator {@code name}'s VMs, by VM name. */
    List<VmRecord> vms(String name);

    void forgetVm(String name);

    /** Keeps (adds or replaces) a leftover. */
    void keepLeftover(Leftover leftover);

    void forgetLeftover(String vm, String node);

    List<Leftover> leftovers();

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

        private final Map<String, VmRecord> vms = new ConcurrentHashMap<>();
        private final Map<List<String>, Leftover> leftovers = new ConcurrentHashMap<>();

        @Override
        public void keepVm(VmRecord vm) {
            vms.put(vm.vm(), vm);
        }

        @Override
        public Optional<VmRecord> vm(String name) {
            return Optional.ofNullable(vms.get(name));
        }

        @Override
        public List<VmRecord> vms(String name) {
            return vms.values().stream().filter(v -> v.orchestrator().equals(name))
                    .sorted(java.util.Comparator.comparing(VmRecord::vm)).toList();
        }

        @Override
        public void forgetVm(String name) {
            vms.remove(name);
        }

        @Override
        public void keepLeftover(Leftover l) {
            leftovers.put(List.of(l.vm(), l.node()), l);
        }

        @Override
        public void forgetLeftover(String vm, String node) {
            leftovers.remove(List.of(vm, node));
        }

        @Override
        public List<Leftover> leftovers() {
            return leftovers.values().stream().sorted(java.util.Comparator.comparing(Leftover::vm)
                    .thenComparing(Leftover::node)).toList();
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

        @Override
        public void keepVm(VmRecord v) {
            with("keep the record of VM " + v.vm(), c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO orchestrator_vm (vm_name, orchestrator,"
                        + " node, request_json, demand_json, ha, job_id, generation, evacuated_from, updated_at)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (vm_name) DO UPDATE SET"
                        + " orchestrator = excluded.orchestrator, node = excluded.node,"
                        + " request_json = excluded.request_json, demand_json = excluded.demand_json, ha = excluded.ha,"
                        + " job_id = excluded.job_id, generation = excluded.generation,"
                        + " evacuated_from = excluded.evacuated_from, updated_at = excluded.updated_at")) {
                    ps.setQueryTimeout(30);
                    ps.setString(1, v.vm());
                    ps.setString(2, v.orchestrator());
                    ps.setString(3, v.node());
                    ps.setString(4, v.requestJson());
                    ps.setString(5, new String(Jobs.write(v.demand()), java.nio.charset.StandardCharsets.UTF_8));
                    ps.setInt(6, v.ha() ? 1 : 0);
                    ps.setString(7, v.jobId());
                    ps.setInt(8, v.generation());
                    ps.setString(9, v.evacuatedFrom());
                    ps.setLong(10, v.updatedAt().toEpochMilli());
                    return ps.executeUpdate();
                }
            });
        }

        private static final String SELECT_VM = "SELECT vm_name, orchestrator, node, request_json, demand_json, ha,"
                + " job_id, generation, evacuated_from, updated_at FROM orchestrator_vm";

        @Override
        public Optional<VmRecord> vm(String name) {
            return with("read the record of VM " + name, c -> {
                try (PreparedStatement ps = c.prepareStatement(SELECT_VM + " WHERE vm_name = ?")) {
                    ps.setQueryTimeout(30);
                    ps.setString(1, name);
                    List<VmRecord> l = readVms(ps);
                    return l.isEmpty() ? Optional.<VmRecord>empty() : Optional.of(l.get(0));
                }
            });
        }

        @Override
        public List<VmRecord> vms(String name) {
            return with("read the VM records", c -> {
                try (PreparedStatement ps = c.prepareStatement(SELECT_VM + " WHERE orchestrator = ? ORDER BY vm_name")) {
                    ps.setQueryTimeout(30);
                    ps.setString(1, name);
                    return readVms(ps);
                }
            });
        }

        private static List<VmRecord> readVms(PreparedStatement ps) throws SQLException {
            List<VmRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new VmRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Jobs.read(rs.getString(5).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                    org.iaasengine.agent.placement.Demand.class),
                            rs.getInt(6) != 0, rs.getString(7), rs.getInt(8), rs.getString(9),
                            Instant.ofEpochMilli(rs.getLong(10))));
                }
            }
            return out;
        }

        @Override
        public void forgetVm(String name) {
            with("forget the record of VM " + name, c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM orchestrator_vm WHERE vm_name = ?")) {
                    ps.setQueryTimeout(30);
                    ps.setString(1, name);
                    return ps.executeUpdate();
                }
            });
        }

        @Override
        public void keepLeftover(Leftover l) {
            with("keep the leftover of VM " + l.vm() + " on " + l.node(), c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO orchestrator_leftover (vm_name, node,"
                        + " cleaned) VALUES (?,?,?) ON CONFLICT (vm_name, node) DO UPDATE SET cleaned = excluded.cleaned")) {
                    ps.setQueryTimeout(30);
                    ps.setString(1, l.vm());
                    ps.setString(2, l.node());
                    ps.setInt(3, l.cleaned() ? 1 : 0);
                    return ps.executeUpdate();
                }
            });
        }

        @Override
        public void forgetLeftover(String vm, String node) {
            with("forget the leftover of VM " + vm + " on " + node, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM orchestrator_leftover WHERE vm_name = ? AND node = ?")) {
                    ps.setQueryTimeout(30);
                    ps.setString(1, vm);
                    ps.setString(2, node);
                    return ps.executeUpdate();
                }
            });
        }

        @Override
        public List<Leftover> leftovers() {
            return with("read the leftovers", c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT vm_name, node, cleaned FROM orchestrator_leftover ORDER BY vm_name, node")) {
                    ps.setQueryTimeout(30);
                    List<Leftover> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Leftover(rs.getString(1), rs.getString(2), rs.getInt(3) != 0));
                        }
                    }
                    return out;
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
