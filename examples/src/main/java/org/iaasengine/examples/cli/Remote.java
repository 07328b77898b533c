package org.iaasengine.examples.cli;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.iaasengine.agent.BrokerSettings;
import org.iaasengine.agent.JobStore;
import org.iaasengine.agent.Jobs;
import org.iaasengine.agent.Orchestrator;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.model.ModelSnapshot;
import org.iaasengine.request.ActionRequest;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What one invocation of the tool with {@code --broker} works with: an {@link Orchestrator} on the
 * broker (named by {@code --orchestrator}, so that its reply queue and its jobs outlive the
 * invocation) whose job store is a SQLite file in the state directory (or PostgreSQL), instead of a
 * local libvirt connection. A command becomes a job for the agent of a node; its answer is printed
 * as the local command prints its result, and a failed job exits with the code of its failure's
 * category.
 */
final class Remote implements AutoCloseable {
    /** Reads action results as the agents' journals write them: by fields (record components). */
    static final ObjectMapper RESULTS = JsonMapper.builder().addModule(new Jdk8Module()).addModule(new JavaTimeModule())
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A job that did not succeed: its answer, whose failure category gives the exit code. */
    static final class JobFailedException extends CommandException {
        private final transient Jobs.Answer answer;
        private final String action;

        JobFailedException(FailureCategory category, String message, Jobs.Answer answer, String action) {
            super(category, message);
            this.answer = answer;
            this.action = action;
        }

        Jobs.Answer answer() {
            return answer;
        }

        String action() {
            return action;
        }
    }

    private final IaasCli cli;
    private final CommandSpec spec;
    private final Orchestrator orchestrator;

    private Remote(IaasCli cli, CommandSpec spec, Orchestrator orchestrator) {
        this.cli = cli;
        this.spec = spec;
        this.orchestrator = orchestrator;
    }

    /** Connects to {@code --broker} as orchestrator {@code --orchestrator}. */
    static Remote open(IaasCli cli, CommandSpec spec) {
        InvalidInputException.check(cli.brokerCredentials != null,
                "--broker needs --broker-credentials FILE (username= and password=, readable by its owner only)");
        BrokerSettings broker = BrokerSettings.of(cli.broker, cli.brokerCredentials, cli.brokerCa);
        JobStore store = store(cli);
        try {
            Orchestrator o = Orchestrator.builder(orchestratorName(cli), broker.factory()).store(store).connect();
            return new Remote(cli, spec, o);
        } catch (IOException | TimeoutException e) {
            store.close();
            throw new CommandException(FailureCategory.TRANSIENT, "cannot connect to the broker " + broker.url() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** {@code --orchestrator}, else {@code iaas-cli-<user>} (the user name's letters, digits, '_' and '-'). */
    static String orchestratorName(IaasCli cli) {
        if (cli.orchestrator != null) {
            return cli.orchestrator;
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_-]", "_");
        String name = "iaas-cli-" + user;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** {@code --job-store}: a SQLite file (default: jobs.db in the state directory) or a jdbc:postgresql: URL. */
    static JobStore store(IaasCli cli) {
        String s = cli.jobStore;
        if (s != null && s.startsWith("jdbc:postgresql:")) {
            InvalidInputException.check(cli.jobStoreCredentials != null,
                    "a PostgreSQL job store needs --job-store-credentials FILE (username= and password=)");
            Properties p = readCredentials(cli.jobStoreCredentials);
            return JobStore.postgres(SqlJournal.postgresDataSource(s, p.getProperty("username"),
                    p.getProperty("password")));
        }
        InvalidInputException.check(s == null || !s.contains(":") || s.startsWith("/"),
                "--job-store must be a file or a jdbc:postgresql: URL, was '%s'", s);
        return JobStore.sqlite(s != null ? Path.of(s) : Session.stateDir(cli).resolve("jobs.db"));
    }

    private static Properties readCredentials(Path file) {
        InvalidInputException.check(Files.isRegularFile(file), "credentials file %s is not a regular file", file);
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            InvalidInputException.check(perms.stream().noneMatch(x -> x.name().startsWith("GROUP")
                    || x.name().startsWith("OTHERS")), "credentials file %s must be readable by its owner only", file);
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            InvalidInputException.check(p.getProperty("username") != null && p.getProperty("password") != null
                    && p.size() == 2, "credentials file %s must hold exactly username= and password=", file);
            return p;
        } catch (IOException e) {
            throw new CommandException(FailureCategory.INVALID_INPUT, "cannot read credentials file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    Orchestrator orchestrator() {
        return orchestrator;
    }

    /** The node {@code --host} names; INVALID_INPUT when there is none. */
    String requiredNode(String what) {
        InvalidInputException.check(cli.host != null, "with --broker, %s needs --host NODE (the agent to run it)", what);
        return cli.host;
    }

    /**
     * The node of VM {@code vm}: {@code --host}, else the host the cluster model has it on
     * (NOT_FOUND when no agent that answered has it).
     */
    String nodeOf(String vm) {
        if (cli.host != null) {
            return cli.host;
        }
        ModelSnapshot s = model(null);
        return s.vm(vm).map(org.iaasengine.model.Vm::host).orElseThrow(() -> CommandException.notFound("vm '" + vm
                + "' not found on any host that answered (" + String.join(", ", s.hosts().keySet()) + ")"));
    }

    /**
     * The cluster model: of {@code node} (its agent asked for its model at once; NOT_FOUND when it
     * does not answer within the discovery time), or, for null, of every agent heard within one
     * heartbeat interval (at least {@code --discover}).
     */
    ModelSnapshot model(String node) {
        Duration wait = cli.discover;
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        if (node != null) {
            orchestrator.requestModel(node);
            long asked = System.nanoTime();
            // Its model (InitModel, asked for) and one heartbeat (its liveness).
            while (orchestrator.cluster().snapshot().host(node).isEmpty() || !orchestrator.nodes().containsKey(node)) {
                if (System.nanoTime() > deadline) {
                    throw CommandException.notFound("node '" + node + "': no agent answered within "
                            + wait.toMillis() + " ms");
                }
                if (System.nanoTime() - asked > TimeUnit.SECONDS.toNanos(1)) {
                    orchestrator.requestModel(node); // the first ask may have gone before the agent bound its queue
                    asked = System.nanoTime();
                }
                pause();
            }
            return orchestrator.cluster().snapshot();
        }
        while (true) {
            var nodes = orchestrator.nodes();
            long interval = nodes.values().stream().mapToLong(Orchestrator.NodeStatus::intervalMillis).max().orElse(0);
            boolean heardLongEnough = !nodes.isEmpty()
                    && System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(interval + 250);
            ModelSnapshot s = orchestrator.cluster().snapshot();
            boolean allModels = nodes.values().stream().filter(n -> n.state() == Orchestrator.NodeState.ONLINE)
                    .allMatch(n -> s.host(n.node()).isPresent());
            if ((heardLongEnough && allModels) || System.nanoTime() > deadline) {
                return s;
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(FailureCategory.CANCELLED, "interrupted");
        }
    }

    /**
     * Runs {@code request} as a job for {@code node}: returns its result (null for none), or, with
     * {@code --no-wait}, prints the job's id and returns {@link #DETACHED}. A job that fails throws
     * {@link JobFailedException} with the category of its failure; one not answered within
     * {@code --timeout}, TIMEOUT (the job goes on: {@code iaas jobs watch ID}).
     */
    JsonNode run(String node, ActionRequest request, String bar) {
        Orchestrator.JobHandle h = orchestrator.submit(node, request);
        if (cli.noWait) {
            new Output(spec.commandLine().getOut(), cli.json).submitted(h.jobId(), node, request.action());
            return DETACHED;
        }
        Jobs.Answer a = await(h, request.action(), bar == null ? null : bar);
        return result(a, request.action());
    }

    /**
     * Places and runs a create with no {@code --host}: the orchestrator's placement policy chooses
     * the node among the agents heard within the discovery time (least usage by default) and
     * reserves what the VM takes; a VM marked {@code ha} is recreated elsewhere if its node goes
     * offline while this orchestrator runs. No node fits: CONFLICT with each host's reason.
     */
    JsonNode runPlaced(org.iaasengine.libvirt.spec.CreateRequest request, boolean ha, String bar) {
        model(null);
        org.iaasengine.agent.placement.Demand demand = org.iaasengine.agent.placement.Demand
                .builder(request.name(), request.memoryMiB(), request.vcpus()).build();
        Orchestrator.JobHandle h = orchestrator.submit(org.iaasengine.agent.PlacedCreate.of(request, demand).ha(ha));
        if (cli.noWait) {
            new Output(spec.commandLine().getOut(), cli.json).submitted(h.jobId(), h.node(), request.action());
            return DETACHED;
        }
        return result(await(h, request.action(), bar), request.action());
    }

    /** The marker {@link #run} returns when the job was submitted with {@code --no-wait}. */
    static final JsonNode DETACHED = com.fasterxml.jackson.databind.node.MissingNode.getInstance();

    /** Waits for the answer of {@code h} within {@code --timeout}, drawing a bar on a terminal. */
    Jobs.Answer await(Orchestrator.JobHandle h, String action, String bar) {
        RemoteBar progress = bar != null && showProgress() ? RemoteBar.start(spec.commandLine().getErr(), bar) : null;
        try {
            if (progress != null) {
                h.onProgress(progress::accept);
            }
            return h.answer().get(cli.timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CommandException(FailureCategory.TIMEOUT, "job " + h.jobId() + " (" + action + " on node '"
                    + h.node() + "') not answered within " + cli.timeout.toMillis() + " ms; it goes on: iaas jobs watch "
                    + h.jobId(), e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new CommandException(FailureCategory.INTERNAL, String.valueOf(c), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(FailureCategory.CANCELLED, "interrupted while waiting for job " + h.jobId(), e);
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
    }

    boolean showProgress() {
        return !cli.json && !cli.noProgress && System.console() != null;
    }

    /** The result of a successful answer; a failed, cancelled or rejected one throws. */
    static JsonNode result(Jobs.Answer a, String action) {
        if (a.outcome() == Jobs.Outcome.SUCCEEDED) {
            return a.result();
        }
        throw failure(a, action);
    }

    /** The failure of a job that did not succeed, with the category that gives the exit code. */
    static JobFailedException failure(Jobs.Answer a, String action) {
        Jobs.Failure f = a.failure();
        FailureCategory category = category(a);
        String message = "job " + a.jobId() + " (" + action + " on node '" + a.node() + "') "
                + a.outcome().name().toLowerCase(Locale.ROOT) + (f == null ? "" : ": " + f.message());
        return new JobFailedException(category, message, a, action);
    }

    /**
     * The category of an answer that is not a success: a FAILED or CANCELLED job's failure names
     * one; a REJECTED job was refused as it was sent (invalid input, whatever the reject code).
     */
    static FailureCategory category(Jobs.Answer a) {
        if (a.outcome() == Jobs.Outcome.REJECTED) {
            return FailureCategory.INVALID_INPUT;
        }
        if (a.outcome() == Jobs.Outcome.CANCELLED) {
            return FailureCategory.CANCELLED;
        }
        try {
            return FailureCategory.valueOf(a.failure().category());
        } catch (RuntimeException e) {
            return FailureCategory.INTERNAL;
        }
    }

    /** Reads a result as {@code type}. */
    static <T> T read(JsonNode result, Class<T> type) {
        if (result == null) {
            throw new CommandException(FailureCategory.INTERNAL, "the agent answered no result; a " + type.getSimpleName()
                    + " was expected");
        }
        try {
            return RESULTS.treeToValue(result, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new CommandException(FailureCategory.INTERNAL, "the agent's result does not read as a "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * Closes the connection. With {@code --no-wait} or a job not answered, the reply queue is kept
     * for the next invocation (it reads the answers that came meanwhile).
     */
    @Override
    public void close() {
        orchestrator.close();
    }
}
