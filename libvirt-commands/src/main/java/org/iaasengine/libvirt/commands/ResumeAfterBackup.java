package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Resumes the VM a {@link PauseForBackup} step paused (its result {@code true}); does nothing
 * otherwise. Returns whether it resumed. A VM found running already (resumed by someone else) is
 * success. No revert: the copy is done, and pausing the guest again would serve nothing.
 *
 * <pre>{@code
 * .step(PAUSED, new PauseForBackup(driver, "web1"))
 * ...
 * .step(RESUMED, new ResumeAfterBackup(driver, "web1", PAUSED))
 * }</pre>
 */
public final class ResumeAfterBackup implements Command<Boolean> {
    private final LibvirtDriver driver;
    private final String name;
    private final Key<Boolean> paused;

    public ResumeAfterBackup(LibvirtDriver driver, String name, Key<Boolean> paused) {
        this.driver = driver;
        this.name = name;
        this.paused = paused;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        if (!Boolean.TRUE.equals(ctx.get(paused))) {
            return false;
        }
        if (driver.state(name).state() != DomainState.PAUSED) {
            return false;
        }
        driver.resume(name);
        return true;
    }
}
