package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.NodeInfo;

/**
 * Reads a host's CPU and memory ({@code virsh nodeinfo}): the GSN NodeInfo command.
 *
 * <pre>{@code
 * .step(NODE, new GetNodeInfo(driver))
 * }</pre>
 */
public final class GetNodeInfo implements Command<NodeInfo> {
    private final LibvirtDriver driver;

    public GetNodeInfo(LibvirtDriver driver) {
        this.driver = driver;
    }

    @Override
    public NodeInfo execute(CommandContext ctx) {
        return driver.nodeInfo();
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
