package org.iaasengine.examples.cli;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.CopyTemplate;
import org.iaasengine.libvirt.spec.CopyMode;
import org.iaasengine.libvirt.spec.DomainNames;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.spec.VmSpec;
import org.iaasengine.model.Vm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code iaas vm ...}: create, start, shutdown, reboot, suspend, resume, delete, the power variants
 * (poweroff, soft-poweroff, poweron, stop, terminate, cleanup), migrate, list and info of one VM on the host of {@code --uri}. Each runs one library action; the VM's row is
 * printed afterwards.
 */
@Command(name = "vm", mixinStandardHelpOptions = true, description = "Create and operate VMs.")
final class VmCommand implements Runnable {
    private static final String NAME = "Name of the VM.";

    @ParentCommand
    IaasCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a vm command is needed: create, start, shutdown, reboot, suspend, resume, delete, poweroff, "
                        + "soft-poweroff, poweron, stop, terminate, cleanup, migrate, list, info, backup, "
                        + "attach-volume, detach-volume, attach-nic, detach-nic");
    }

    private Invocation invocation() {
        return new Invocation(cli, spec);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a VM (a linked clone of a template for its disk) and start it.")
    int create(
            @Option(names = "--name", required = true, paramLabel = "NAME", description = NAME) String name,
            @Option(names = "--template", paramLabel = "FILE",
                    description = "Template image, relative to --templates (default: no disk).") String template,
            @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "512M", converter = MemoryConverter.class,
                    description = "Memory, 16M to 16T, e.g. 512M, 2G (default: ${DEFAULT-VALUE}).") long memoryMiB,
            @Option(names = "--cpus", paramLabel = "N", defaultValue = "1", converter = CpusConverter.class,
                    description = "Virtual CPUs, 1 to 4096 (default: ${DEFAULT-VALUE}).") int cpus,
            @Option(names = "--mac", paramLabel = "MAC", description = "MAC address (default: a free 52:54:00 one).")
            String mac,
            @Option(names = "--ip", paramLabel = "ADDRESS", description = "IP address to record for the VM.") String ip,
            @Option(names = "--network", paramLabel = "NET", defaultValue = "user",
                    description = "user, network:<name> or bridge:<name> (default: ${DEFAULT-VALUE}).") String network,
            @Option(names = "--transient",
                    description = "libvirt forgets the VM when it stops; the tool keeps its definition to start it "
                            + "again (default: persistent).") boolean transientVm,
            @Option(names = "--full-copy", description = "Copy the template fully instead of a linked clone.")
            boolean fullCopy,
            @Option(names = "--backup", paramLabel = "IMAGE",
                    description = "Make the disk from this backup image in --images (its checksum checked first) "
                            + "instead of a template.") String backup,
            @Option(names = "--user-data", paramLabel = "FILE",
                    description = "cloud-init user-data: the VM gets a metadata drive (NoCloud seed, read-only CD-ROM).")
            java.nio.file.Path userDataFile,
            @Option(names = "--ha", description = "With --broker and no --host: recreate the VM on another host "
                    + "if its host goes offline (while the orchestrator runs).") boolean ha) {
        Invocation inv = invocation();
        CreateRequest request = CreateRequest.builder(name).template(template).memoryMiB(memoryMiB).vcpus(cpus)
                .mac(mac).ip(ip).network(network).lifecycle(transientVm ? Lifecycle.TRANSIENT : Lifecycle.PERSISTENT)
                .copy(fullCopy ? CopyMode.FULL : CopyMode.LINKED).backup(backup)
                .userData(ImageCommand.readUserData(userDataFile)).build();
        InvalidInputException.check(!ha || cli.remote() && cli.host == null,
                "--ha needs --broker and no --host: a VM placed by the orchestrator is the one it can move");
        if (cli.remote()) {
            checkValues(request);
            try (Remote r = Remote.open(cli, spec)) {
                // --host names the node; without it, the orchestrator's placement policy chooses one.
                JsonNode res = cli.host != null
                        ? r.run(cli.host, request.toBuilder().host(cli.host).build(), "creating " + name)
                        : r.runPlaced(request, ha, "creating " + name);
                if (res != Remote.DETACHED) {
                    inv.output().vm(Remote.read(res, Vm.class));
                }
            }
            return ExitCodes.OK;
        }
        checkAtTheDoor(request);
        try (Session s = inv.session(null)) {
            Vm vm = inv.run(s, x -> x.actions().create(x.host(), request), null, null);
            inv.output().vm(vm);
        }
        return ExitCodes.OK;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a stopped VM.")
    int start(@Parameters(paramLabel = "NAME", description = NAME) String name) {
        DomainNames.check(name);
        if (cli.remote()) {
            return remoteVm(name, n -> new org.iaasengine.libvirt.spec.StartRequest(n, name), null);
        }
        Invocation inv = invocation();
        try (Session s = inv.session(null)) {
            inv.output().vm(inv.run(s, x -> x.actions().start(x.host(), name), null, null));
        }
        return ExitCodes.OK;
    }

    @Command(name = "shutdown", mixinStandardHelpOptions = true,
            description = "Shut a VM down: ACPI, repeated, then destroy when the grace time passes.")
    int shutdown(@Parameters(paramLabel = "NAME", description = NAME) String name,
            @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "60s",
                    converter = Values.DurationConverter.class,
                    description = "How long the guest may take before it is destroyed (default: ${DEFAULT-VALUE}).")
            Duration grace) {
        DomainNames.check(name);
        if (cli.remote()) {
            return remoteVm(name, n -> new org.iaasengine.libvirt.spec.ShutdownRequest(n, name), "shutting down " + name);
        }
        Invocation inv = invocation();
        try (Session s = inv.session(grace)) {
            inv.output().vm(inv.run(s, x -> x.actions().shutdown(x.host(), name), "shutting down " + name, grace));
        }
        return ExitCodes.OK;
    }

    @Command(name = "reboot", mixinStandardHelpOptions = true,
            description = "Reboot a VM: shut down (as shutdown) and start again.")
    int reboot(@Parameters(paramLabel = "NAME", description = NAME) String name,
            @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "60s",
                    converter = Values.DurationConverter.class,
                    description = "How long the guest may take to shut down (default: ${DEFAULT-VALUE}).")
            Duration grace) {
        DomainNames.check(name);
        if (cli.remote()) {
            return remoteVm(name, n -> new org.iaasengine.libvirt.spec.RebootRequest(n, name, org.iaasengine.libvirt.spec.RebootMode.SHUTDOWN_START), "rebooting " + name);
        }
        Invocation inv = invocation();
        try (Session s = inv.session(grace)) {
            inv.output().vm(inv.run(s, x -> x.actions().reboot(x.host(), name), "rebooting " + name, grace));
        }
        return ExitCodes.OK;
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true, description = "Pause a running VM's CPUs.")
    int suspend(@Parameters(paramLabel = "NAME", description = NAME) String name) {
        DomainNames.check(name);
        if (cli.remote()) {
            return remoteVm(name, n -> new org.iaasengine.libvirt.spec.SuspendRequest(n, name), null);
        }
        Invocation inv = invocation();
        try (Session s = inv.session(null)) {
            inv.output().vm(inv.run(s, x -> x.actions().suspend(x.host(), name), null, null));
        }
        return ExitCodes.OK;
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Run a paused VM again.")
    int resume(@Parameters(paramLabel = "NAME", description = NAME) String name) {
        DomainNames.check(name);
        if (cli.remote()) {
            return remoteVm(name, n -> new org.iaasengine.libvirt.spec.ResumeRequest(n, name), null);
        }
        Invocation inv = invocation();
        try (Session s = inv.session(null)) {
            inv.output().vm(inv.run(s, x -> x.actions().resume(x.host(), name), null, null));
        }
        return ExitCodes.OK;
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Destroy a VM, remove its definition and the disk copies the tool made.")
    int delete(@Parameters(paramLabel = "NAME", description = NAME) String name,
            @Option(names = "--keep-disks", description = "Keep the VM's disk copies.") boolean keepDisks,
            @Option(names = "--if-exists", description = "Succeed when there is no such VM (default: exit code 3).")
            boolean ifExists) {
        DomainNames.check(name);
        if (cli.remote()) {
            return remoteDelete(name, keepDisks, ifExists);
        }
        Invocation inv = invocation();
        try (Session s = inv.session(null)) {
            if (s.model().vm(name).isEmpty() && !ifExists) {
                throw notFound(s.host(), name);
            }
            inv.run(s, x -> x.actions().delete(x.host(), name, !keepDisks), null, null);
            inv.output().deleted(name);
        }
        return ExitCodes.OK;
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "Copy a VM's disk into the image store (compressed qcow2, SHA-256 beside it); a running "
                    + "VM is paused for the copy.")
    int backup(@Parameters(paramLabel = "NAME", description = NAME) String name,
            @Option(names = "--to", required = true, paramLabel = "IMAGE", description = "Name of the new image.")
            String image) {
        DomainNames.check(name);
        org.iaasengine.libvirt.images.ImageStore.checkName(image);
        notRemote("vm backup");
        Invocation inv = invocation();
        try (Session s = inv.session(null)) {
            if (s.model().vm(name).isEmpty()) {
                throw notFound(s.host(), name);
            }
            var made = inv.run(s, x -> x.actions().backup(x.host(), name, image), "backing up " + name,
                    java.time.Duration.ZERO);
            ImageCommand.printOne(spec.commandLine().getOut(), cli.json, s.host().images(), made);
        }
        return ExitCodes.OK;
    }

    @Command(name = "poweroff", mixinStandardHelpOptions = true,
            description = "Power a VM off at once (destroy); a VM already off is success (WAS_OFF).")
    int poweroff(@Parameters(paramLabel = "NAME", description = NAME) String name) {
        return power("poweroff", name, null, null, (x, n) -> x.actions().poweroff(x.host(), n));
    }

    @Command(name = "soft-poweroff", mixinStandardHelpOptions = true,
            description = "Press the VM's ACPI power button once and return; the VM is HALTING until it goes.")
    int softPoweroff(@Parameters(paramLabel = "NAME", description = NAME) String name) {
        return power("soft-poweroff", name, null, null, (x, n) -> x.actions().softPoweroff(x.host(), n));
    }

    @Command(name = "poweron", mixinStandardHelpOptions = true,
            description = "Power a VM on (also one that stop released from its host); a running VM is success.")
    int poweron(@Parameters(paramLabel = "NAME", description = NAME) String name) {
        return power("poweron", name, null, null, (x, n) -> x.actions().poweron(x.host(), n));
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Shut a VM down (as shutdown), undefine it here and release the host; disks are kept.")
    int stop(@Parameters(paramLabel = "NAME", description = NAME) String name,
            @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "60s",
                    converter = Values.DurationConverter.class,
                    description = "How long the guest may take before it is destroyed (default: ${DEFAULT-VALUE}).")
            Duration grace) {
        return power("stop", name, "stopping " + name, grace, (x, n) -> x.actions().stop(x.host(), n));
    }

    @Command(name = "terminate", mixinStandardHelpOptions = true,
            description = "Destroy a VM, delete its disks and forget it; a VM already gone is success (WAS_GONE).")
    int terminate(@Parameters(paramLabel = "NAME", description = NAME) String name) {
        return power("terminate", name, null, null, (x, n) -> x.actions().terminate(x.host(), n));
    }

    @Command(name = "cleanup", mixinStandardHelpOptions = true,
            description = "Tear a VM down on this host only (destroy, undefine); its record and disks are kept.")
    int cleanup(@Parameters(paramLabel = "NAME", description = NAME) String name) {
        return power("cleanup", name, null, null, (x, n) -> x.actions().cleanup(x.host(), n));
    }

    /** Runs one power action on {@code name} and prints its {@link org.iaasengine.libvirt.spec.PowerResult}. */
    private int power(String command, String name, String label, Duration grace,
            java.util.function.BiFunction<Session, String,
                    org.iaasengine.core.Action<org.iaasengine.libvirt.spec.PowerResult>> plan) {
        DomainNames.check(name);
        if (cli.remote()) {
            return remote(name, n -> powerRequest(command, n, name), label,
                    res -> invocation().output().power(Remote.read(res, org.iaasengine.libvirt.spec.PowerResult.class)));
        }
        Invocation inv = invocation();
        try (Session s = inv.session(grace)) {
            inv.output().power(inv.run(s, x -> plan.apply(x, name), label, grace));
        }
        return ExitCodes.OK;
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Live-migrate a running VM to another host (--offline: shut down, start there).")
    int migrate(@Parameters(paramLabel = "NAME", description = NAME) String name,
            @Option(names = "--to", required = true, paramLabel = "URI", description = "libvirt URI of the destination.")
            String to,
            @Option(names = "--offline", description = "Non-live: shut the VM down here and start it there.")
            boolean offline,
            @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "60s",
                    converter = Values.DurationConverter.class,
                    description = "With --offline: how long the guest may take to shut down (default: ${DEFAULT-VALUE}).")
            Duration grace) {
        DomainNames.check(name);
        if (cli.remote()) {
            // With --broker, --to names the destination node (a peer of the source's agent).
            return remoteVm(name, n -> offline ? new org.iaasengine.libvirt.spec.NonLiveMigrateRequest(n, name, to)
                    : new org.iaasengine.libvirt.spec.MigrateRequest(n, name, to), "migrating " + name);
        }
        Invocation inv = invocation();
        try (Session s = inv.session(grace)) {
            LibvirtHost destination = s.connect(to);
            Vm vm = inv.run(s, x -> offline ? x.actions().nonLiveMigrate(x.host(), destination, name)
                    : x.actions().migrate(x.host(), destination, name), "migrating " + name,
                    offline ? grace : Duration.ZERO);
            inv.output().vm(vm);
        }
        return ExitCodes.OK;
    }

    // ---------------------------------------------------------------- devices (volumes, NICs)

    @Command(name = "attach-volume", mixinStandardHelpOptions = true,
            description = "Hot-plug a volume into a running VM.")
    int attachVolume(@Parameters(paramLabel = "NAME", description = NAME) String name,
            @Option(names = "--volume", required = true, paramLabel = "ID", description = "Id of the volume.") String id,
            @Option(names = "--target", defaultValue = "vdb", paramLabel = "DEV",
                    description = "Guest device, vd<x> or sd<x> (default: ${DEFAULT-VALUE}).") String target) {
        new org.iaasengine.libvirt.spec.AttachVolumeRequest("?", name, id, target); // checked at the door
        return device(s -> s.actions().devices().attachVolume(s.host(), name, id, target));
    }

    @Command(name = "detach-volume", mixinStandardHelpOptions = true,
            description = "Unplug a volume from a running VM; exit code 5 (timeout) when the guest does not let go.")
    int detachVolume(@Parameters(paramLabel = "NAME", description = NAME) String name,
            @Option(names = "--volume", required = true, paramLabel = "ID", description = "Id of the volume.") String id,
            @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s",
                    converter = Values.DurationConverter.class,
                    description = "How long the guest has to release it (default: ${DEFAULT-VALUE}).") Duration wait) {
        new org.iaasengine.libvirt.spec.DetachVolumeRequest("?", name, id, wait);
        return device(s -> s.actions().devices().detachVolume(s.host(), name, id, wait));
    }

    @Command(name = "attach-nic", mixinStandardHelpOptions = true,
            description = "Hot-plug a virtio NIC into a running VM.")
    int attachNic(@Parameters(paramLabel = "NAME", description = NAME) String name,
            @Option(names = "--mac", required = true, paramLabel = "MAC", description = "MAC address.") String mac,
            @Option(names = "--network", paramLabel = "NET", defaultValue = "user",
                    description = "user, network:<name> or bridge:<name> (default: ${DEFAULT-VALUE}).") String network) {
        new org.iaasengine.libvirt.spec.AttachNicRequest("?", name, mac, network);
        return device(s -> s.actions().devices().attachNic(s.host(), name, mac, network));
    }

    @Command(name = "detach-nic", mixinStandardHelpOptions = true,
            description = "Unplug a NIC from a running VM; exit code 5 (timeout) when the guest does not let go.")
    int detachNic(@Parameters(paramLabel = "NAME", description = NAME) String name,
            @Option(names = "--mac", required = true, paramLabel = "MAC", description = "MAC address.") String mac,
            @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s",
                    converter = Values.DurationConverter.class,
                    description = "How long the guest has to release it (default: ${DEFAULT-VALUE}).") Duration wait) {
        new org.iaasengine.libvirt.spec.DetachNicRequest("?", name, mac, wait);
        return device(s -> s.actions().devices().detachNic(s.host(), name, mac, wait));
    }

    /** Runs a device action on a session that has read the host's volumes too; prints its event. */
    private int device(java.util.function.Function<Session, org.iaasengine.core.Action<?
            extends org.iaasengine.libvirt.sync.DeviceEvents.DeviceEvent>> plan) {
        notRemote("vm attach-volume, detach-volume, attach-nic and detach-nic");
        Invocation inv = invocation();
        try (Session s = inv.session(null)) {
            org.iaasengine.libvirt.devices.VolumeScan.read(s.host(), s.model());
            org.iaasengine.libvirt.sync.DeviceEvents.DeviceEvent e = inv.run(s, x -> plan.apply(x), null, null);
            java.io.PrintWriter out = spec.commandLine().getOut();
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("event", e.event());
            m.putAll(new com.fasterxml.jackson.databind.ObjectMapper().convertValue(e,
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {
                    }));
            out.print(cli.json ? Output.toJson(m) + "\n" : e.event() + " " + e.vm() + " " + m + "\n");
            out.flush();
        }
        return ExitCodes.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the host's VMs and the stopped ones the tool keeps for it.")
    int list() {
        Invocation inv = invocation();
        if (cli.remote()) {
            try (Remote r = Remote.open(cli, spec)) {
                org.iaasengine.model.ModelSnapshot s = r.model(cli.host);
                inv.output().vms(cli.host != null ? s.vmsOn(cli.host) : List.copyOf(s.vms().values()));
            }
            return ExitCodes.OK;
        }
        try (Session s = inv.session(null)) {
            List<Vm> vms = s.model().snapshot().vmsOn(s.host().name());
            inv.output().vms(vms);
        }
        return ExitCodes.OK;
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show one VM.")
    int info(@Parameters(paramLabel = "NAME", description = NAME) String name) {
        DomainNames.check(name);
        Invocation inv = invocation();
        if (cli.remote()) {
            try (Remote r = Remote.open(cli, spec)) {
                org.iaasengine.model.ModelSnapshot s = r.model(cli.host);
                inv.output().vm(s.vm(name).filter(v -> cli.host == null || cli.host.equals(v.host()))
                        .orElseThrow(() -> CommandException.notFound("vm '" + name + "' not found on "
                                + (cli.host != null ? "node '" + cli.host + "'" : "any host that answered"))));
            }
            return ExitCodes.OK;
        }
        try (Session s = inv.session(null)) {
            inv.output().vm(s.model().vm(name).orElseThrow(() -> notOnThisHost(s.host(), name)));
        }
        return ExitCodes.OK;
    }


    // ---------------------------------------------------------------- with --broker: jobs for the agents

    /** Runs the request {@code request} makes for the VM's node as a job, and prints the VM it answers. */
    private int remoteVm(String name, java.util.function.Function<String, org.iaasengine.request.ActionRequest> request,
            String bar) {
        return remote(name, request, bar, res -> invocation().output().vm(Remote.read(res, Vm.class)));
    }

    private int remote(String name, java.util.function.Function<String, org.iaasengine.request.ActionRequest> request,
            String bar, java.util.function.Consumer<JsonNode> print) {
        try (Remote r = Remote.open(cli, spec)) {
            String node = r.nodeOf(name);
            JsonNode res = r.run(node, request.apply(node), bar);
            if (res != Remote.DETACHED) {
                print.accept(res);
            }
        }
        return ExitCodes.OK;
    }

    /** Delete through the agent: NOT_FOUND (or, with --if-exists, done) when the cluster model has no such VM. */
    private int remoteDelete(String name, boolean keepDisks, boolean ifExists) {
        try (Remote r = Remote.open(cli, spec)) {
            org.iaasengine.model.ModelSnapshot s = r.model(cli.host);
            java.util.Optional<Vm> vm = s.vm(name).filter(v -> cli.host == null || cli.host.equals(v.host()));
            if (vm.isEmpty()) {
                if (!ifExists) {
                    throw CommandException.notFound("vm '" + name + "' not found on "
                            + (cli.host != null ? "node '" + cli.host + "'" : "any host that answered"));
                }
                invocation().output().deleted(name);
                return ExitCodes.OK;
            }
            String node = vm.get().host();
            JsonNode res = r.run(node, new org.iaasengine.libvirt.spec.DeleteRequest(node, name, !keepDisks), null);
            if (res != Remote.DETACHED) {
                invocation().output().deleted(name);
            }
        }
        return ExitCodes.OK;
    }

    private static org.iaasengine.request.ActionRequest powerRequest(String command, String node, String name) {
        return switch (command) {
            case "poweroff" -> new org.iaasengine.libvirt.spec.PoweroffRequest(node, name);
            case "soft-poweroff" -> new org.iaasengine.libvirt.spec.SoftPoweroffRequest(node, name);
            case "poweron" -> new org.iaasengine.libvirt.spec.PoweronRequest(node, name);
            case "stop" -> new org.iaasengine.libvirt.spec.StopRequest(node, name);
            case "terminate" -> new org.iaasengine.libvirt.spec.TerminateRequest(node, name);
            case "cleanup" -> new org.iaasengine.libvirt.spec.CleanupRequest(node, name);
            default -> throw new IllegalStateException("not a power command: " + command);
        };
    }

    /** A command that has no remote form yet: INVALID_INPUT with --broker. */
    private void notRemote(String command) {
        org.iaasengine.core.InvalidInputException.check(!cli.remote(),
                "%s does not run with --broker yet: run it on the host (without --broker)", command);
    }

    /** The request's values checked as the agent's plan checks them (the template is the agent's to check). */
    private static void checkValues(CreateRequest r) {
        new VmSpec(r.name(), new UUID(0, 0), r.template(), r.memoryMiB(), r.vcpus(),
                r.mac() != null ? r.mac() : "52:54:00:00:00:00", r.network(), r.ip(), r.lifecycle(), null, null, null,
                null);
    }

    /**
     * Checks the request's values with the library's own checks (those {@code actions().create} and
     * its CopyTemplate step make) before the session opens: a rejected value neither reaches the host
     * nor creates the state directory. A bad value throws {@link IllegalArgumentException} or an
     * INVALID_INPUT {@link CommandException} naming it (exit code 2); a template that is not there,
     * NOT_FOUND (exit code 3). The template's backing chain is checked here too
     * ({@link CopyTemplate#inspect}: qemu-img, within {@code --timeout}), so a template whose chain
     * leaves the template directory is refused before anything is written.
     */
    private void checkAtTheDoor(CreateRequest r) {
        new VmSpec(r.name(), new UUID(0, 0), r.template(), r.memoryMiB(), r.vcpus(),
                r.mac() != null ? r.mac() : "52:54:00:00:00:00", r.network(), r.ip(), r.lifecycle(), null, null, null,
                null);
        if (r.template() != null) {
            CopyTemplate.inspect(Session.templates(cli), r.template(), cli.timeout);
        }
        ImageCommand.checkAtTheDoor(cli, r);
    }

    /** {@code --memory}: a size ({@link Values#mebibytes}) a VM may have, 16 MiB to 16 TiB. */
    static final class MemoryConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long mib = Values.mebibytes(value);
            if (mib < VmSpec.MIN_MEMORY_MIB || mib > VmSpec.MAX_MEMORY_MIB) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is " + mib + " MiB; a VM has 16 MiB to 16 TiB (16M to 16T)");
            }
            return mib;
        }
    }

    /** {@code --cpus}: a decimal number of virtual CPUs, 1 to {@link VmSpec#MAX_VCPUS}. */
    static final class CpusConverter implements CommandLine.ITypeConverter<Integer> {
        private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[0-9]{1,9}");

        @Override
        public Integer convert(String value) {
            int n = DECIMAL.matcher(value).matches() ? Integer.parseInt(value) : 0;
            if (n < 1 || n > VmSpec.MAX_VCPUS) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a number of virtual CPUs from 1 to " + VmSpec.MAX_VCPUS);
            }
            return n;
        }
    }

    /**
     * For a command that would change the VM: CONFLICT naming both hosts when the definition store
     * keeps the VM for another host (the wrong --uri), else NOT_FOUND.
     */
    private static CommandException notFound(LibvirtHost host, String name) {
        var stored = host.store().get(name);
        if (stored.isPresent() && stored.get().keptForAnotherHost(host.name())) {
            return new CommandException(org.iaasengine.core.FailureCategory.CONFLICT, "vm '" + name
                    + "' is not on host '" + host.name() + "': its stored definition is for host '"
                    + stored.get().host() + "'; nothing was done");
        }
        return CommandException.notFound("vm '" + name + "' not found on " + host.driver().uri());
    }

    /** For a command that only reads: NOT_FOUND, saying where the store keeps the VM if elsewhere. */
    private static CommandException notOnThisHost(LibvirtHost host, String name) {
        String elsewhere = host.store().get(name).map(d -> d.host()).filter(h -> h != null && !h.equals(host.name()))
                .map(h -> " (its stored definition is for host '" + h + "')").orElse("");
        return CommandException.notFound("vm '" + name + "' not found on " + host.driver().uri() + elsewhere);
    }
}
