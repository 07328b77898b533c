package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.DEFINITION;
import static org.iaasengine.libvirt.actions.VmPlans.DISK;
import static org.iaasengine.libvirt.actions.VmPlans.DOMAIN;
import static org.iaasengine.libvirt.actions.VmPlans.INFO;
import static org.iaasengine.libvirt.actions.VmPlans.PLACEHOLDER;
import static org.iaasengine.libvirt.actions.VmPlans.STARTED;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Key;
import org.iaasengine.core.Visible;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.CopyTemplate;
import org.iaasengine.libvirt.commands.CreateVm;
import org.iaasengine.libvirt.commands.CreateXml;
import org.iaasengine.libvirt.commands.DefineVm;
import org.iaasengine.libvirt.commands.DomInfo;
import org.iaasengine.libvirt.commands.MakeSeed;
import org.iaasengine.libvirt.images.ImageStore;
import org.iaasengine.libvirt.spec.CopyMode;
import org.iaasengine.libvirt.spec.DiskImage;
import org.iaasengine.libvirt.commands.RegisterVm;
import org.iaasengine.libvirt.commands.StartVm;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.spec.VmSpec;
import org.iaasengine.libvirt.sync.States;
import org.iaasengine.libvirt.xml.MemoryUnits;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Create (GSN: vmName, templateName, memory, numCPUs, mac, ipAddress): register the VM in the
 * model, CopyTemplate (or VerifyImage and a full copy of a backup image), MakeSeed (with user-data: the
 * metadata drive), CreateXml, CreateVm (transient) or DefineVm + StartVm (persistent), DomInfo.
 * On failure every step is reverted: no domain, disk copy, metadata drive or stored XML is left.
 *
 * <p>The plan records the request with the host, UUID, MAC and lifecycle filled in, so that the plan
 * rebuilt from it makes the same VM.
 *
 * <pre>{@code
 * Vm vm = engine.run(CreateAction.plan(model, settings, host, CreateRequest.builder("web1").template("base.qcow2").build()));
 * }</pre>
 */
public final class CreateAction {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Key<String> VERIFIED = Key.of("image-verified", String.class);
    static final Key<DiskImage> SEED = Key.of("seed", DiskImage.class);

    private CreateAction() {
    }

    public static Action<Vm> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host, CreateRequest given) {
        Objects.requireNonNull(given, "request");
        if (given.host() != null) {
            VmPlans.checkHost(given, given.host(), host);
        }
        String mac = given.mac() != null ? VmSpec.normalizeMac(given.mac()) : newMac(model);
        Lifecycle lifecycle = given.lifecycle() != null ? given.lifecycle() : host.lifecycle();
        UUID uuid = given.uuid() != null ? given.uuid() : UUID.randomUUID();
        CreateRequest req = given.toBuilder().host(host.name()).uuid(uuid).mac(mac).lifecycle(lifecycle).build();
        VmSpec spec = new VmSpec(req.name(), uuid, req.template(), req.memoryMiB(), req.vcpus(), mac, req.network(),
                req.ip(), lifecycle, req.kernel(), req.initrd(), req.cmdline(), req.serialLog());
        Vm placeholder = Vm.builder(spec.name()).uuid(uuid.toString()).host(host.name()).state(VmState.CREATING)
                .vcpus(spec.vcpus()).memoryKiB(MemoryUnits.mibToKiB(spec.memoryMiB())).macs(List.of(mac)).ip(spec.ip())
                .build();
        LibvirtDriver driver = host.driver();
        Action.Builder<Vm> b = Action.<Vm>builder(CreateRequest.ACTION, ResourceKey.vm(spec.name()).toString())
                .request(req)
                .timeout(s.actionTimeout())
                .revertRetry(s.revertRetry())
                .step(PLACEHOLDER, new RegisterVm(model, placeholder));
        InvalidInputException.check(req.template() == null || req.backup() == null,
                "vm '%s' names both template %s and backup image %s; give one", spec.name(),
                Visible.quoted(req.template()), Visible.quoted(req.backup()));
        boolean hasDisk = spec.template() != null || req.backup() != null;
        if (spec.template() != null) {
            // Validates the template name now, before anything runs.
            b.step(DISK, new CopyTemplate(host.templates(), host.storage(), spec.template(), uuid + ".qcow2", req.copy(),
                    host.processTimeout()));
        } else if (req.backup() != null) {
            ImageStore images = host.images();
            ImageStore.checkName(req.backup());
            // The image's checksum first: a corrupted or changed image fails here, before anything is made.
            b.step(Step.of(VERIFIED, Command.reading("VerifyImage", ctx -> images.verify(req.backup()).toString())));
            // A full copy: the VM's disk must not depend on a file of the image store.
            b.step(DISK, new CopyTemplate(images.dir(), host.storage(), req.backup() + ".qcow2", uuid + ".qcow2",
                    CopyMode.FULL, host.processTimeout()));
        }
        if (req.userData() != null) {
            b.step(SEED, new MakeSeed(host.storage(), uuid + "-seed.iso", uuid.toString(), seedHostname(spec.name()),
                    req.userData(), host.processTimeout()));
        }
        b.step(DEFINITION, new CreateXml(host.store(), host.name(), host.domainType(), spec,
                hasDisk ? Optional.of(DISK) : Optional.empty(),
                req.userData() != null ? Optional.of(SEED) : Optional.empty()));
        if (lifecycle == Lifecycle.TRANSIENT) {
            b.step(DOMAIN, new CreateVm(driver, DEFINITION));
        } else {
            b.step(DOMAIN, new DefineVm(driver, DEFINITION));
            b.step(STARTED, new StartVm(driver, host.store(), host.name(), spec.name()));
        }
        b.step(Step.of(INFO, new DomInfo(driver, spec.name())).withRetry(s.retry()));
        // The answer is the VM as this action's sync made it: read back from the model afterwards, a
        // host monitor's change applied in between (an event of this very create) could be answered.
        java.util.concurrent.atomic.AtomicReference<Vm> released = new java.util.concurrent.atomic.AtomicReference<>();
        return b.sync(r -> VmPlans.release(model, r, spec.name(), vm -> {
                    Vm done = States.fromInfo(vm, r.get(INFO), host);
                    released.set(done);
                    return done;
                }))
                .onFailure(VmPlans.resync(model, spec.name(), host))
                .result(r -> released.get() != null ? released.get().withOwner(null) : model.vm(spec.name()).orElseThrow())
                .build();
    }

    /**
     * The hostname the metadata drive gives a VM: its name when that is a plain host name, else its
     * name with every other character replaced by {@code -}, cut to 63 characters.
     */
    static String seedHostname(String vmName) {
        String h = vmName.replaceAll("[^A-Za-z0-9.-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        h = h.length() > 63 ? h.substring(0, 63) : h;
        return h.isEmpty() ? "vm" : h;
    }

    /** A MAC with the 52:54:00 prefix that no VM in the model uses. */
    static String newMac(ResourceModel model) {
        for (int i = 0; i < 1000; i++) {
            String mac = String.format("52:54:00:%02x:%02x:%02x", RANDOM.nextInt(256), RANDOM.nextInt(256),
                    RANDOM.nextInt(256));
            boolean used = model.snapshot().vms().values().stream().anyMatch(v -> v.macs().contains(mac));
            if (!used) {
                return mac;
            }
        }
        throw new IllegalStateException("no free MAC address found after 1000 tries");
    }
}
