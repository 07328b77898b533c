package org.iaasengine.journal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.ActionHandle;
import org.iaasengine.core.Engine;
import org.iaasengine.core.JournaledRun;
import org.iaasengine.core.Step;
import org.iaasengine.request.ActionRegistry;
import org.iaasengine.request.ActionRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles every unfinished run of a journal's owner once: rebuilds its plan from the journaled
 * request (through the registry), restores the results of its steps typed by their keys, and hands
 * it to {@link Engine#recover}, which resumes it (a resumable plan) or reverts it, asking the host
 * first whether the step in flight took effect. A run that cannot be rebuilt here (its request or
 * a record does not read back, the context lacks its host) or whose revert met a host that did not
 * answer is left PENDING with the reason, and a later recovery tries it again; none is dropped.
 *
 * <pre>{@code
 * RecoveryReport report = JournalRecovery.recover(engine, journal, LibvirtRegistry.registry(), ctx,
 *         Duration.ofMinutes(5));
 * report.outcomes().forEach(o -> log.info("{} {}: {}", o.actionId(), o.result(), o.detail()));
 * }</pre>
 */
public final class JournalRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    private JournalRecovery() {
    }

    /**
     * Recovers the unfinished runs of {@code journal}'s owner that {@code engine} is not running,
     * waiting up to {@code wait} for all of them together. {@code engine} must write to
     * {@code journal}.
     */
    public static <C> RecoveryReport recover(Engine engine, SqlJournal journal, ActionRegistry<C> registry, C context,
            Duration wait) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(wait, "wait");
        Set<String> running = new HashSet<>();
        engine.active().forEach(h -> running.add(h.id()));
        List<Outcome> started = new ArrayList<>();
        List<RecoveryReport.Outcome> done = new ArrayList<>();
        for (ActionEntry entry : journal.unfinished()) {
            // Held for as long as this recovery waits, and a minute more for the outcome to be written.
            if (running.contains(entry.actionId()) || Runner.aliveElsewhere(entry.runner())
                    || !journal.claim(entry, wait.plusMinutes(1))) {
                continue; // this process runs it, another live process does, or another recovery took it
            }
            try {
                Rebuilt rebuilt = rebuild(journal, registry, context, entry);
                LOG.info("journal {}: recovering {} ({} on {}), in flight: step {}", journal.description(),
                        entry.actionId(), entry.actionName(), entry.resourceKey(), rebuilt.run.inFlightStep());
                started.add(new Outcome(entry, engine.recover(rebuilt.plan, rebuilt.run)));
            } catch (RuntimeException e) {
                String reason = "cannot be rebuilt here: " + e.getMessage();
                LOG.warn("journal {}: action {} ({} on {}) stays pending: {}", journal.description(), entry.actionId(),
                        entry.actionName(), entry.resourceKey(), reason);
                journal.actionPending(entry.actionId(), reason);
                done.add(new RecoveryReport.Outcome(entry.actionId(), entry.actionName(), entry.resourceKey(),
                        RecoveryReport.Result.PENDING, reason));
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (Outcome o : started) {
            done.add(o.await(journal, deadline));
        }
        if (!done.isEmpty()) {
            journal.prune();
        }
        return new RecoveryReport(done);
    }

    private record Rebuilt(Action<?> plan, JournaledRun run) {
    }

    /**
     * Reads run {@code actionId} back as a recovery would, without acting on it: its plan rebuilt
     * from the request, every record checked and every result read as its key's type. For a person
     * or a test asking whether a run could be recovered here.
     *
     * @throws JournalException naming what does not read back (or that there is no such run)
     * @throws RuntimeException from the registry when the request cannot be planned here
     */
    public static <C> JournaledRun readBack(SqlJournal journal, ActionRegistry<C> registry, C context,
            String actionId) {
        ActionEntry entry = journal.action(actionId).orElseThrow(() -> new JournalException("the journal "
                + journal.description() + " has no action " + actionId));
        return rebuild(journal, registry, context, entry).run();
    }

    private static <C> Rebuilt rebuild(SqlJournal journal, ActionRegistry<C> registry, C context, ActionEntry entry) {
        if (!entry.intact()) {
            throw new JournalException("its journal row does not match its checksum (a torn or corrupted write)");
        }
        if (entry.requestJson() == null) {
            throw new JournalException("it was started without a request as data");
        }
        ActionRequest request = registry.codec().fromJson(entry.requestJson());
        Action<?> plan = registry.plan(context, request);
        List<RecordEntry> records = journal.records(entry.actionId());
        List<Step<?>> steps = plan.steps();
        List<Exec> executions = new ArrayList<>();
        int inFlight = -1;
        boolean inFlightUndone = false;
        boolean reverting = false;
        for (RecordEntry r : records) {
            if (!r.intact()) {
                throw new JournalException("its record " + r.seq() + " does not match its checksum (a torn or"
                        + " corrupted write); nothing of it is acted upon");
            }
            if (r.kind() != SqlJournal.Kind.REVERTING) {
                if (r.stepIndex() < 0 || r.stepIndex() >= steps.size()
                        || !steps.get(r.stepIndex()).name().equals(r.stepName())) {
                    throw new JournalException("its record " + r.seq() + " names step " + r.stepIndex() + " '"
                            + r.stepName() + "', which the plan rebuilt from its request does not have there");
                }
            }
            switch (r.kind()) {
                case STARTED -> {
                    inFlight = r.stepIndex();
                    inFlightUndone = false;
                }
                case SUCCEEDED -> {
                    Step<?> step = steps.get(r.stepIndex());
                    Object value = journal.values().decode(step.name(), step.key().genericType(), r.valueType(),
                            r.valueJson());
                    executions.add(new Exec(r.stepIndex(), value));
                    if (inFlight == r.stepIndex()) {
                        inFlight = -1;
                    }
                }
                case REVERTING -> reverting = true;
                case REVERTED -> {
                    Exec newest = newestUnreverted(executions, r.stepIndex());
                    if (newest != null) {
                        newest.reverted = true;
                    } else if (r.stepIndex() == inFlight) {
                        inFlightUndone = true;
                    }
                }
                case REVERT_FAILED -> {
                    // still to revert
                }
            }
        }
        List<JournaledRun.Execution> runExecutions = executions.stream()
                .map(e -> new JournaledRun.Execution(e.step, e.value, e.reverted)).toList();
        return new Rebuilt(plan, new JournaledRun(entry.actionId(), runExecutions, inFlight, inFlightUndone, reverting));
    }

    private static final class Exec {
        final int step;
        final Object value;
        boolean reverted;

        Exec(int step, Object value) {
            this.step = step;
            this.value = value;
        }
    }

    private static Exec newestUnreverted(List<Exec> executions, int step) {
        for (int i = executions.size() - 1; i >= 0; i--) {
            Exec e = executions.get(i);
            if (e.step == step && !e.reverted) {
                return e;
            }
        }
        return null;
    }

    private record Outcome(ActionEntry entry, ActionHandle<?> handle) {
        RecoveryReport.Outcome await(SqlJournal journal, long deadline) {
            String detail;
            try {
                handle.future().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                detail = "resumed and finished";
            } catch (TimeoutException e) {
                return outcome(RecoveryReport.Result.RUNNING, "still running when the recovery stopped waiting");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome(RecoveryReport.Result.RUNNING, "interrupted while waiting");
            } catch (ExecutionException e) {
                detail = e.getCause() instanceof ActionFailedException f ? f.getMessage() : String.valueOf(e.getCause());
            }
            ActionEntry now = journal.action(entry.actionId()).orElseThrow();
            RecoveryReport.Result result = switch (now.state()) {
                case SUCCEEDED -> RecoveryReport.Result.RESUMED;
                case PENDING -> RecoveryReport.Result.PENDING;
                case RUNNING -> RecoveryReport.Result.RUNNING;
                case FAILED -> fullyReverted() ? RecoveryReport.Result.REVERTED : RecoveryReport.Result.FAILED;
            };
            return outcome(result, now.reason() != null ? now.reason() : detail);
        }

        private boolean fullyReverted() {
            try {
                handle.future().join();
                return false;
            } catch (RuntimeException e) {
                Throwable c = e.getCause();
                return c instanceof ActionFailedException f && f.fullyReverted();
            }
        }

        private RecoveryReport.Outcome outcome(RecoveryReport.Result r, String detail) {
            return new RecoveryReport.Outcome(entry.actionId(), entry.actionName(), entry.resourceKey(), r, detail);
        }
    }
}
