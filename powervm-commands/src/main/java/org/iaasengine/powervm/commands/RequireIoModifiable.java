package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;

/**
 * Refuses to go on when the LPAR's I/O cannot be changed now, as pypowervm's
 * {@code can_modify_io()} that nova-powervm's PlugVifs and UnplugVifs ask first: an LPAR that is
 * not activated can always be changed; an activated one only with an active RMC connection (the
 * OS must take the dynamic change). A refusal is CONFLICT (the LPAR's state, not the request, is in
 * the way), naming the LPAR and its states. No REST call of its own: it reads what FindLpar read.
 *
 * <pre>{@code
 * builder.step(FOUND, new FindLpar(client, system, "web1", true))
 *        .step(new RequireIoModifiable(Input.from(FOUND)));
 * }</pre>
 */
public final class RequireIoModifiable implements Command<Boolean> {
    private final Input<LparInfo> lpar;

    public RequireIoModifiable(Input<LparInfo> lpar) {
        this.lpar = Objects.requireNonNull(lpar, "lpar");
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        LparInfo l = lpar.resolve(ctx);
        if (l.isActivated() && !l.rmcActive()) {
            throw new CommandException(FailureCategory.CONFLICT, "the I/O of LPAR '" + l.name()
                    + "' cannot be changed now: it is '" + l.state() + "' without an active RMC connection (RMC '"
                    + l.rmcState() + "'); power it off or wait for RMC");
        }
        return true;
    }

    @Override
    public boolean effects() {
        return false;
    }

    @Override
    public String name() {
        return "RequireIoModifiable";
    }
}
