package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.powervm.rest.Entry;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparShape;
import org.iaasengine.powervm.spec.ResizeRequest;
import org.iaasengine.powervm.spec.Resized;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes an LPAR's memory and processors: a read-modify-write of the LogicalPartition with its
 * etag (re-read and retried on 412), which keeps every other element, as pypowervm updates the
 * LPAR's PartitionMemoryConfiguration and PartitionProcessorConfiguration. Not activated: the
 * desired values change, and the range as the request says (or widened just enough). Activated:
 * a dynamic change (DLPAR) within the current minimum and maximum; a value outside them is an
 * {@link InvalidInputException} naming the value and the range, before any write; without an
 * active RMC connection it is CONFLICT. The shape before the first write is kept, so a retry
 * after a lost answer (the write took effect) finds the new shape and writes nothing, and revert
 * writes the old shape back.
 *
 * <pre>{@code
 * Resized r = new ResizeLpar(client, Input.from(FOUND, LparInfo::uuid), request).execute(ctx);
 * }</pre>
 */
public final class ResizeLpar implements Command<Resized> {
    private static final Logger LOG = LoggerFactory.getLogger(ResizeLpar.class);
    private final PowerVmClient client;
    private final Input<String> lparUuid;
    private final ResizeRequest req;
    private volatile LparShape before;
    private volatile Boolean wasRunning;

    public ResizeLpar(PowerVmClient client, Input<String> lparUuid, ResizeRequest req) {
        this.client = Objects.requireNonNull(client, "client");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.req = Objects.requireNonNull(req, "req");
    }

    @Override
    public Resized execute(CommandContext ctx) {
        String lpar = lparUuid.resolve(ctx);
        LparShape[] target = new LparShape[1];
        Entry<LogicalPartition> e = client.modify(Paths.lpar(lpar), LogicalPartition.class, p -> {
            LparShape now = LparShape.of(p);
            boolean running = !"not activated".equals(p.partitionState == null ? null : p.partitionState.trim());
            if (before == null) {
                before = now;
                wasRunning = running;
            }
            target[0] = target(before, running, p);
            if (now.sameAs(target[0])) {
                return false; // done already (an earlier write whose answer was lost)
            }
            target[0].applyTo(p);
            return true;
        });
        LOG.info("resized LPAR {} ({}): {} -> {}", req.name(), wasRunning ? "dynamically" : "powered off", before,
                LparShape.of(e.value()));
        return new Resized(lpar, wasRunning, before, target[0]);
    }

    /** The shape to write, checked against the LPAR's range when it runs. */
    private LparShape target(LparShape from, boolean running, LogicalPartition p) {
        if (!running) {
            LparShape r = req.range();
            return r != null ? r : new LparShape(req.memoryMb(), req.procUnits(), req.vcpus(),
                    Math.min(from.minMemoryMb(), req.memoryMb()), Math.max(from.maxMemoryMb(), req.memoryMb()),
                    Math.min(from.minProcUnits(), req.procUnits()), Math.max(from.maxProcUnits(), req.procUnits()),
                    Math.min(from.minVcpus(), req.vcpus()), Math.max(from.maxVcpus(), req.vcpus()));
        }
        InvalidInputException.check(req.range() == null, "the minimum and maximum of LPAR '%s' cannot change while "
                + "it runs: power it off first", req.name());
        InvalidInputException.check(req.memoryMb() >= from.minMemoryMb() && req.memoryMb() <= from.maxMemoryMb(),
                "memory %s MB is outside %s..%s MB, the range running LPAR '%s' can be resized within; "
                        + "power it off to go beyond it", req.memoryMb(), from.minMemoryMb(), from.maxMemoryMb(),
                req.name());
        InvalidInputException.check(req.procUnits() >= from.minProcUnits() - 1e-9
                && req.procUnits() <= from.maxProcUnits() + 1e-9, "processing units %s are outside %s..%s, the "
                + "range running LPAR '%s' can be resized within; power it off to go beyond it", req.procUnits(),
                from.minProcUnits(), from.maxProcUnits(), req.name());
        InvalidInputException.check(req.vcpus() >= from.minVcpus() && req.vcpus() <= from.maxVcpus(),
                "virtual processors %s are outside %s..%s, the range running LPAR '%s' can be resized within; "
                        + "power it off to go beyond it", req.vcpus(), from.minVcpus(), from.maxVcpus(), req.name());
        if (!"active".equals(p.rmcState == null ? null : p.rmcState.trim())) {
            throw new CommandException(FailureCategory.CONFLICT, "LPAR '" + req.name() + "' runs without an active "
                    + "RMC connection: it cannot be resized dynamically; power it off first");
        }
        return new LparShape(req.memoryMb(), req.procUnits(), req.vcpus(), from.minMemoryMb(), from.maxMemoryMb(),
                from.minProcUnits(), from.maxProcUnits(), from.minVcpus(), from.maxVcpus());
    }

    /** Writes the shape before back (nothing when it is there already). */
    @Override
    public void revert(CommandContext ctx, Resized done) {
        client.modify(Paths.lpar(done.lparUuid()), LogicalPartition.class, p -> {
            if (LparShape.of(p).sameAs(done.before())) {
                return false;
            }
            done.before().applyTo(p);
            return true;
        });
        LOG.info("resized LPAR {} back to {}", req.name(), done.before());
    }

    /** After a failed execute: writes the shape before back if a write took effect all the same. */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        LparShape b = before;
        if (b != null) {
            revert(ctx, new Resized(lparUuid.resolve(ctx), Boolean.TRUE.equals(wasRunning), b, b));
        }
    }

    @Override
    public boolean undoesFailure(Throwable failure) {
        return before != null && FailureCategory.of(failure) != FailureCategory.INVALID_INPUT
                && FailureCategory.of(failure) != FailureCategory.CONFLICT;
    }

    @Override
    public String name() {
        return "ResizeLpar(" + req.name() + ")";
    }
}
