package org.iaasengine.libvirt.devices;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.Absence;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.libvirt.xml.Disk;
import org.iaasengine.libvirt.xml.DomainXml;
import org.iaasengine.libvirt.xml.DomainXmlCodec;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.Volume;
import org.iaasengine.model.VolumeState;

/**
 * Reads a host's volumes into the model: every {@code <storage>/volumes/<id>.qcow2} (the only
 * place the volume actions put volume files), its virtual size from {@code qemu-img info}, and the
 * VM and target it is attached to from the definitions of the host's VMs in the model (live for a
 * running VM, else persistent). What a process that starts without the model (the {@code iaas}
 * tool, an agent after a restart) runs after reading the host's VMs. Volumes an action owns are
 * left as they are.
 *
 * <pre>{@code
 * HostReader.read(host, model);            // the VMs first
 * List<Volume> volumes = VolumeScan.read(host, model);
 * }</pre>
 */
public final class VolumeScan {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VolumeScan() {
    }

    /** The directory of the host's volume files, {@code <storage>/volumes}. */
    public static Path directory(LibvirtHost host) {
        return host.storage().toAbsolutePath().normalize().resolve("volumes");
    }

    /** Reads the host's volumes into {@code model} and returns them, sorted by id. */
    public static List<Volume> read(LibvirtHost host, ResourceModel model) {
        Path dir = directory(host);
        Map<String, String[]> attachments = new HashMap<>();
        for (Vm vm : model.snapshot().vmsOn(host.name())) {
            boolean active = host.driver().lookup(vm.name()).map(d -> d.state().isActive()).orElse(false);
            Absence.emptyIfNoDomain(() -> host.driver().dumpXml(vm.name(), !active)).ifPresent(xml -> {
                DomainXml d = DomainXmlCodec.fromXml(xml);
                if (d.devices() != null) {
                    for (Disk disk : d.devices().disks()) {
                        disk.sourceFile().ifPresent(f -> attachments.put(f,
                                new String[] {vm.name(), disk.targetDev().orElse("?")}));
                    }
                }
            });
        }
        List<Volume> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String file = f.getFileName().toString();
                    if (file.startsWith(".") || !file.endsWith(".qcow2")) {
                        continue; // a delete's trash, or not a volume
                    }
                    String id = file.substring(0, file.length() - ".qcow2".length());
                    String[] at = attachments.get(f.toString());
                    Volume v = new Volume(id, host.name(), f.toString(), "qcow2", virtualSize(f),
                            at == null ? null : at[0], at == null ? null : at[1],
                            at == null ? VolumeState.AVAILABLE : VolumeState.ATTACHED, null);
                    found.add(v);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list volumes in " + dir, e);
            }
        }
        model.update(m -> {
            for (Volume v : found) {
                if (m.volume(v.id()).map(Volume::owner).orElse(null) == null) {
                    m.putVolume(v);
                }
            }
        });
        return found;
    }

    private static long virtualSize(Path f) throws IOException {
        ProcessRunner.Result r = ProcessRunner.run(List.of(CreateVolumeFile.qemuImg(), "info", "--output=json", "-U",
                "-f", "qcow2", f.toString()), Duration.ofSeconds(30));
        if (r.exitCode() != 0) {
            throw new CommandException(FailureCategory.INTERNAL, "qemu-img info of volume " + f + " failed (exit "
                    + r.exitCode() + "): " + r.stderr().strip());
        }
        return JSON.readTree(r.stdout()).path("virtual-size").asLong();
    }
}
