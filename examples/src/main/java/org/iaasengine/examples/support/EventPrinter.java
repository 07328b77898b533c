package org.iaasengine.examples.support;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.EngineListener;
import org.iaasengine.model.ModelChange;
import org.iaasengine.model.ModelListener;

/**
 * Prints engine events and model changes as they happen, one short line each, for people watching
 * a program run. A real cloud manager would log them or forward them; printing is what a demo
 * does.
 *
 * <pre>{@code
 * EventPrinter printer = new EventPrinter(System.out);
 * Engine engine = Engine.builder().listener(printer).build();
 * model.addListener(printer.modelListener());
 * }</pre>
 */
public final class EventPrinter implements EngineListener {
    private final PrintStream out;

    public EventPrinter(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void onEvent(EngineEvent event) {
        String line = format(event);
        if (line != null) {
            synchronized (out) {
                out.println(line);
            }
        }
    }

    /** A listener that prints model changes in the same stream. */
    public ModelListener modelListener() {
        return change -> {
            String line = format(change);
            synchronized (out) {
                out.println(line);
            }
        };
    }

    /** One line for an engine event. */
    public static String format(EngineEvent e) {
        String head = "  [" + e.actionId() + "] ";
        if (e instanceof EngineEvent.ActionStarted) {
            return head + "action " + e.actionName() + " on " + e.resourceKey() + " started";
        } else if (e instanceof EngineEvent.ActionSucceeded s) {
            return head + "action " + e.actionName() + " on " + e.resourceKey() + " succeeded in " + ms(s.duration());
        } else if (e instanceof EngineEvent.ActionFailed f) {
            return head + "action " + e.actionName() + " on " + e.resourceKey() + " FAILED at " + f.failedStep()
                    + " [" + f.category() + "]: " + f.message() + (f.fullyReverted() ? " (reverted)" : " (NOT reverted)");
        } else if (e instanceof EngineEvent.CommandSucceeded c) {
            return head + "  " + c.step() + " ok (" + ms(c.duration()) + (c.attempt() > 1 ? ", attempt " + c.attempt()
                    : "") + ")";
        } else if (e instanceof EngineEvent.CommandFailed c) {
            return head + "  " + c.step() + " failed [" + c.category() + "]: " + c.message();
        } else if (e instanceof EngineEvent.Retrying r) {
            return head + "  " + r.step() + " retrying in " + ms(r.delay());
        } else if (e instanceof EngineEvent.Reverting r) {
            return head + "  reverting " + r.step();
        } else if (e instanceof EngineEvent.Reverted r) {
            return head + "  reverted " + r.step();
        } else if (e instanceof EngineEvent.RevertFailed r) {
            return head + "  revert of " + r.step() + " FAILED [" + r.category() + "]: " + r.message();
        } else if (e instanceof EngineEvent.Progress p) {
            return head + "  " + p.step() + " " + Math.round(p.fraction() * 100) + "% " + p.message();
        }
        return null; // CommandStarted: the outcome line says enough
    }

    /** One line for a model change. */
    public static String format(ModelChange c) {
        String v = "  model v" + c.version() + ": ";
        if (c instanceof ModelChange.VmAdded a) {
            return v + "vm " + a.vm().name() + " added (" + a.vm().state() + ")";
        } else if (c instanceof ModelChange.VmUpdated u) {
            String where = java.util.Objects.equals(u.before().host(), u.after().host()) ? ""
                    : ", host " + u.before().host() + " -> " + u.after().host();
            return v + "vm " + u.after().name() + " " + u.before().state() + " -> " + u.after().state() + where;
        } else if (c instanceof ModelChange.VmRemoved r) {
            return v + "vm " + r.vm().name() + " removed";
        } else if (c instanceof ModelChange.HostAdded a) {
            return v + "host " + a.host().name() + " added";
        } else if (c instanceof ModelChange.HostUpdated u) {
            return v + "host " + u.after().name() + " updated";
        } else if (c instanceof ModelChange.HostRemoved r) {
            return v + "host " + r.host().name() + " removed";
        }
        return v + c;
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }
}
