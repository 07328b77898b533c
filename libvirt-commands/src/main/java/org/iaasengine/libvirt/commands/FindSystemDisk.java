package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.spec.DiskImage;
import org.iaasengine.libvirt.xml.Disk;
import org.iaasengine.libvirt.xml.DomainXml;
import org.iaasengine.libvirt.xml.DomainXmlCodec;

/**
 * Reads which file is a VM's first disk (device {@code disk}, a file source: not a CD-ROM such as
 * its metadata drive) and its format, from libvirt's definition of the domain
 * ({@code virsh dumpxml --inactive}). A VM without such a disk is INVALID_INPUT.
 *
 * <pre>{@code
 * .step(SOURCE, new FindSystemDisk(driver, "web1"))
 * }</pre>
 */
public final class FindSystemDisk implements Command<DiskImage> {
    private final LibvirtDriver driver;
    private final String name;

    public FindSystemDisk(LibvirtDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    @Override
    public DiskImage execute(CommandContext ctx) {
        DomainXml xml = DomainXmlCodec.fromXml(driver.dumpXml(name, true));
        for (Disk d : xml.devices().disks()) {
            if ("disk".equals(d.device()) && d.sourceFile().isPresent()) {
                return new DiskImage(d.sourceFile().get(), d.format().orElse("raw"));
            }
        }
        throw CommandException.invalid("vm '" + name + "' on " + driver.uri() + " has no file disk to back up");
    }

    /** It only reads. */
    @Override
    public boolean effects() {
        return false;
    }
}
