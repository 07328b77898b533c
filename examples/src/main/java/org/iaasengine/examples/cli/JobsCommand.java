package org.iaasengine.examples.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.iaasengine.agent.JobStore;
import org.iaasengine.agent.Jobs;
import org.iaasengine.agent.Orchestrator;
import org.iaasengine.agent.view.ClusterView;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code iaas jobs ...}: the jobs this tool submitted through {@code --broker}, from its job store
 * (a SQLite file in the state directory by default, or PostgreSQL): list, show, cancel, watch.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List, show, cancel and watch the jobs submitted with --broker.")
final class JobsCommand implements Runnable {
    private static final String ID = "Id of the job.";

    @ParentCommand
    IaasCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a jobs command is needed: list, show, cancel, watch");
    }

    private Remote open() {
        InvalidInputException.check(cli.remote(), "jobs are kept by the orchestrator: give --broker URL (before 'jobs')");
        return Remote.open(cli, spec);
    }

    private Output output() {
        return new Output(spec.commandLine().getOut(), cli.json);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The most recent jobs, newest first.")
    int list(@Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "How many (1 to 1000, default: ${DEFAULT-VALUE}).") int limit) {
        InvalidInputException.check(limit >= 1 && limit <= 1000, "--limit must be 1 to 1000, was %s", limit);
        try (Remote r = open()) {
            settle(r.orchestrator());
            output().jobs(ClusterView.jobs(r.orchestrator(), limit));
        }
        return ExitCodes.OK;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One job: its request, its status and, once answered, its result or failure.")
    int show(@Parameters(paramLabel = "ID", description = ID) String id) {
        try (Remote r = open()) {
            settle(r.orchestrator());
            JobStore.Job j = find(r, id);
            output().job(ClusterView.job(r.orchestrator(), j), Remote.RESULTS.readTree(j.requestJson()), answer(r, j));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CommandException(FailureCategory.INTERNAL, "job " + id + ": its kept request is not JSON", e);
        }
        return ExitCodes.OK;
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a job: one not yet started never runs; a running one is interrupted and what it did "
                    + "reverted. Waits for the agent's answer (not with --no-wait); exit code 4 when the job had ended.")
    int cancel(@Parameters(paramLabel = "ID", description = ID) String id) {
        try (Remote r = open()) {
            settle(r.orchestrator());
            JobStore.Job j = find(r, id);
            Orchestrator.JobHandle h = r.orchestrator().job(j.jobId()).orElseThrow(() -> new CommandException(
                    FailureCategory.CONFLICT, "job " + id + " was submitted by orchestrator '" + j.orchestrator()
                            + "', not '" + r.orchestrator().name() + "': cancel it with --orchestrator " + j.orchestrator()));
            Jobs.Answer before = answer(r, j);
            if (before != null || !h.cancel()) {
                Jobs.Answer a = before != null ? before : h.answer().join();
                throw new CommandException(FailureCategory.CONFLICT, "job " + id + " had ended: " + a.outcome()
                        + (a.failure() == null ? "" : " (" + a.failure().category() + ": " + a.failure().message() + ")"));
            }
            if (cli.noWait) {
                output().submitted(j.jobId(), j.node(), "cancel");
                return ExitCodes.OK;
            }
            Jobs.Answer a = r.await(h, j.action(), null);
            output().job(ClusterView.job(r.orchestrator(), r.orchestrator().recentJobs(1000).stream()
                    .filter(x -> x.jobId().equals(j.jobId())).findFirst().orElse(j)), null, a);
            if (a.outcome() != Jobs.Outcome.CANCELLED) {
                throw new CommandException(FailureCategory.CONFLICT, "job " + id + " ended before the cancel reached it: "
                        + a.outcome());
            }
        }
        return ExitCodes.OK;
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Follow a job until it ends: a progress bar on a terminal (else one line per progress "
                    + "event); exits with the job's code (0 when it succeeded).")
    int watch(@Parameters(paramLabel = "ID", description = ID) String id) {
        try (Remote r = open()) {
            JobStore.Job j = find(r, id);
            Orchestrator.JobHandle h = r.orchestrator().job(j.jobId()).orElseThrow(() -> new CommandException(
                    FailureCategory.CONFLICT, "job " + id + " was submitted by orchestrator '" + j.orchestrator()
                            + "': watch it with --orchestrator " + j.orchestrator()));
            PrintWriter out = spec.commandLine().getOut();
            boolean bar = r.showProgress();
            if (!bar) {
                h.onProgress(p -> {
                    synchronized (out) {
                        out.println(cli.json ? line(p)
                                : "job " + p.jobId() + ": " + p.what() + (p.step() == null ? ""
                                        : " " + org.iaasengine.core.Visible.of(p.step())));
                        out.flush();
                    }
                });
            }
            Jobs.Answer a = r.await(h, j.action(), bar ? j.action() + " on " + j.node() : null);
            synchronized (out) {
                output().job(ClusterView.job(r.orchestrator(), j), null, a);
            }
            if (a.outcome() != Jobs.Outcome.SUCCEEDED) {
                throw Remote.failure(a, j.action());
            }
        }
        return ExitCodes.OK;
    }

    /** One progress event as one line of JSON. */
    private static String line(Jobs.Progress p) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("jobId", p.jobId());
        m.put("what", p.what());
        m.put("step", p.step());
        m.put("detail", p.detail());
        try {
            return Remote.RESULTS.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a progress line", e);
        }
    }

    private static JobStore.Job find(Remote r, String id) {
        InvalidInputException.check(id != null && !id.isBlank() && id.length() <= 200,
                "job id must be 1 to 200 characters, was '%s'", id);
        Optional<JobStore.Job> j = r.orchestrator().recentJobs(1000).stream().filter(x -> x.jobId().equals(id))
                .findFirst();
        return j.orElseThrow(() -> CommandException.notFound("no job " + id + " in the job store"));
    }

    /** The job's answer: kept in the store, or heard since this invocation connected. */
    private static Jobs.Answer answer(Remote r, JobStore.Job j) {
        if (j.answer() != null) {
            return j.answer();
        }
        return r.orchestrator().job(j.jobId()).filter(h -> h.answer().isDone() && !h.answer().isCompletedExceptionally())
                .map(h -> h.answer().join()).orElse(null);
    }

    /**
     * Gives the answers that came while no invocation ran (they wait in this orchestrator's reply
     * queue; its unanswered jobs were sent again on connect, and an agent answers a job it ran from
     * its journal) up to a second to be read before the store is shown.
     */
    private static void settle(Orchestrator o) {
        List<JobStore.Job> open = o.recentJobs(1000).stream()
                .filter(j -> j.answer() == null && j.orchestrator().equals(o.name())).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (JobStore.Job j : open) {
            Optional<Orchestrator.JobHandle> h = o.job(j.jobId());
            long left = deadline - System.nanoTime();
            if (h.isEmpty() || left <= 0) {
                continue;
            }
            try {
                h.get().answer().get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // Still running (or refused by the broker): shown as it is.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
