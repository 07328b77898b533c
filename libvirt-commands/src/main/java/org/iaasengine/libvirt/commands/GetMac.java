package org.iaasengine.libvirt.commands;

import java.util.List;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.driver.DomainInterface;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Reads the MAC addresses of a VM's interfaces ({@code virsh domiflist}), lower case, in device
 * order.
 *
 * <pre>{@code
 * .step(MACS, new GetMac(driver, "web1"))
 * }</pre>
 */
public final class GetMac implements Command<List<String>> {
    private final LibvirtDriver driver;
    private final String name;

    public GetMac(LibvirtDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    @Override
    public List<String> execute(CommandContext ctx) {
        return driver.interfaces(name).stream().map(DomainInterface::mac).toList();
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
