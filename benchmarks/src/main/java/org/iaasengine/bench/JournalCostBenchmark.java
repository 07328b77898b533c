package org.iaasengine.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.Action;
import org.iaasengine.core.Engine;
import org.iaasengine.core.Key;
import org.iaasengine.core.Step;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The journal's cost per step: an action of 5 no-op steps (with its request, as every journaled
 * action has) through an engine with no journal, SQLite in WAL mode with synchronous NORMAL and
 * FULL, and PostgreSQL (local, scripts/postgres-up.sh); and the floor, this disk's raw fsync: 4 KiB
 * written in place and {@code FileChannel.force}, in the directory the SQLite journals are in.
 * Run by {@code bench/journal.sh}, which divides by 5 and writes the table.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class JournalCostBenchmark {
    /** Where the SQLite files and the fsync floor's file are: the disk the library's state is on. */
    static final Path DIR = Path.of(System.getProperty("iaas.bench.dir", "/var/tmp/iaas-engine/bench-journal"));
    static final int STEPS = 5;

    /** The request the no-op action is planned from. */
    public record NoOpRequest(String vm) implements ActionRequest {
        @Override
        public String action() {
            return "noop";
        }

        @Override
        public ResourceKey resource() {
            return ResourceKey.vm(vm);
        }
    }

    @State(Scope.Benchmark)
    public static class Journaled {
        @Param({"none", "sqlite-normal", "sqlite-full", "postgres"})
        public String journal;

        Engine engine;
        SqlJournal sql;
        Action<Integer> plan;
        Path file;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            Files.createDirectories(DIR);
            switch (journal) {
                case "none" -> sql = null;
                case "sqlite-normal", "sqlite-full" -> {
                    file = DIR.resolve("journal-" + journal + "-" + ProcessHandle.current().pid() + ".db");
                    sql = SqlJournal.sqlite(file).synchronous(journal.equals("sqlite-full")
                            ? SqlJournal.Synchronous.FULL : SqlJournal.Synchronous.NORMAL).open();
                }
                case "postgres" -> {
                    sql = SqlJournal.postgres(SqlJournal.postgresDataSource(System.getProperty(
                            "iaas.journal.postgres.url", "jdbc:postgresql://127.0.0.1:5432/iaas_journal"), "iaas", "iaas")).owner("bench-" + ProcessHandle.current().pid()).open();
                }
                default -> throw new IllegalArgumentException("journal " + journal);
            }
            Engine.Builder b = Engine.builder().workers(2);
            engine = (sql == null ? b : b.journal(sql)).build();
            Action.Builder<Integer> a = Action.<Integer>builder("noop", "vm:bench").request(new NoOpRequest("bench"));
            Key<Integer> last = null;
            for (int i = 1; i <= STEPS; i++) {
                last = Key.of("k" + i, Integer.class);
                a.step(Step.of(last, new EngineOverheadBenchmark.NoOp(i)));
            }
            plan = a.resultFrom(last).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            engine.close();
            if (sql != null) {
                sql.close();
            }
            if (file != null) {
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
            }
        }
    }

    @Benchmark
    public Integer action(Journaled s) {
        return s.engine.run(s.plan);
    }

    @State(Scope.Benchmark)
    public static class Floor {
        FileChannel channel;
        Path file;
        final ByteBuffer page = ByteBuffer.allocateDirect(4096);

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            Files.createDirectories(DIR);
            file = DIR.resolve("fsync-floor-" + ProcessHandle.current().pid());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            channel.close();
            Files.deleteIfExists(file);
        }
    }

    /** One 4 KiB write in place and an fsync of the file's data: the floor of a durable commit. */
    @Benchmark
    public long fsyncFloor(Floor f) throws IOException {
        f.page.clear();
        f.page.putLong(0, System.nanoTime());
        f.channel.write(f.page, 0);
        f.channel.force(false);
        return f.channel.size();
    }
}
