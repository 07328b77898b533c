package org.iaasengine.libvirt.commands;

import java.util.List;
import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.ProcessStoppedException;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.spec.DiskImage;
import org.iaasengine.libvirt.spec.VmSpec;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.libvirt.xml.DomainXml;
import org.iaasengine.libvirt.xml.DomainXmlBuilder;
import org.iaasengine.libvirt.xml.DomainXmlCodec;

/**
 * Writes a new VM's domain XML (through JAXB, never by string concatenation) and keeps it in the
 * definition store: the GSN CreateXml step. Revert removes the stored definition.
 *
 * <pre>{@code
 * .step(DEFINITION, new CreateXml(store, "host-a", "qemu", spec, Optional.of(DISK)))
 * }</pre>
 */
public final class CreateXml implements Command<StoredDefinition> {
    private final DefinitionStore store;
    private final String host;
    private final String domainType;
    private final VmSpec spec;
    private final Optional<Key<DiskImage>> disk;
    private final Optional<Key<DiskImage>> seed;

    public CreateXml(DefinitionStore store, String host, String domainType, VmSpec spec, Optional<Key<DiskImage>> disk) {
        this(store, host, domainType, spec, disk, Optional.empty());
    }

    /** The same with a metadata drive: the ISO {@code seed} made, attached as a read-only CD-ROM {@code hdc}. */
    public CreateXml(DefinitionStore store, String host, String domainType, VmSpec spec, Optional<Key<DiskImage>> disk,
            Optional<Key<DiskImage>> seed) {
        this.store = store;
        this.host = host;
        this.domainType = domainType;
        this.spec = spec;
        this.disk = disk;
        this.seed = seed;
    }

    /** The domain XML of {@code spec} with an optional disk. */
    public static String domainXml(String domainType, VmSpec spec, DiskImage image) {
        return domainXml(domainType, spec, image, null);
    }

    /** The domain XML of {@code spec} with an optional disk and an optional metadata drive (CD-ROM {@code hdc}). */
    public static String domainXml(String domainType, VmSpec spec, DiskImage image, DiskImage seedIso) {
        DomainXmlBuilder b = DomainXml.builder(spec.name()).type(domainType).uuid(spec.uuid())
                .memoryMiB(spec.memoryMiB()).vcpus(spec.vcpus()).acpi(true);
        if (spec.kernel() != null) {
            b.directKernel(spec.kernel(), spec.initrd(), spec.cmdline());
        }
        if (image != null) {
            b.disk(image.path(), image.format(), "vda");
            if (spec.kernel() == null) {
                b.bootDevice("hd");
            }
        }
        if (seedIso != null) {
            b.cdrom(seedIso.path(), "hdc");
        }
        String net = spec.network();
        if (net.startsWith("network:")) {
            b.networkInterface(net.substring("network:".length()), spec.mac());
        } else if (net.startsWith("bridge:")) {
            b.bridgeInterface(net.substring("bridge:".length()), spec.mac());
        } else {
            b.userInterface(spec.mac());
        }
        b.interfaceModel("virtio");
        if (spec.serialLog() != null) {
            b.serialFile(spec.serialLog());
        } else {
            b.serialPty();
        }
        return DomainXmlCodec.toXml(b.build());
    }

    @Override
    public StoredDefinition execute(CommandContext ctx) {
        DiskImage image = disk.map(ctx::get).orElse(null);
        DiskImage seedIso = seed.map(ctx::get).orElse(null);
        String xml = domainXml(domainType, spec, image, seedIso);
        List<String> files = new java.util.ArrayList<>();
        if (image != null) {
            files.add(image.path());
        }
        if (seedIso != null) {
            files.add(seedIso.path()); // deleted with the VM's disks
        }
        StoredDefinition d = new StoredDefinition(spec.name(), spec.uuid().toString(), host, spec.lifecycle(),
                spec.template(), List.copyOf(files), spec.ip(), xml);
        store.put(d);
        return d;
    }

    @Override
    public void revert(CommandContext ctx, StoredDefinition result) {
        store.get(result.name()).filter(d -> d.uuid().equals(result.uuid())).ifPresent(d -> store.remove(d.name()));
    }

    /** Only after the death of the process that ran it: the definition may be stored, its result unrecorded. */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return failure instanceof ProcessStoppedException;
    }

    /** Removes the definition of this VM (its UUID: not another VM's of the same name). */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        String uuid = spec.uuid().toString();
        store.get(spec.name()).filter(d -> d.uuid().equals(uuid)).ifPresent(d -> store.remove(d.name()));
    }
}
