package org.iaasengine.examples.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.Engine;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.actions.DestroyAction;
import org.iaasengine.powervm.actions.RescueAction;
import org.iaasengine.powervm.actions.SnapshotAction;
import org.iaasengine.powervm.actions.SpawnAction;
import org.iaasengine.powervm.actions.UnrescueAction;
import org.iaasengine.powervm.actions.UploadImageAction;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmConfig;
import org.iaasengine.powervm.spec.ConfigDrive;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.RescueRequest;
import org.iaasengine.powervm.spec.SnapshotRequest;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.UnrescueRequest;
import org.iaasengine.powervm.spec.UploadImageRequest;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.storage.DiskDriver;
import org.iaasengine.powervm.storage.LocalDiskDriver;
import org.iaasengine.powervm.storage.SspDiskDriver;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code iaas powervm ...}: the PowerVM image flows on one managed system of an HMC or NovaLink
 * (the REST API at {@code --hmc}): upload an image, spawn (optionally with a configuration drive),
 * snapshot, rescue, unrescue, destroy. The password is read from a file ({@code --hmc-password-file},
 * never from the command line); TLS trusts the JDK's certificate authorities. Each invocation logs
 * on, runs one action, logs off. {@code --json} prints the result as JSON: a VM as
 * {@code iaas vm} prints it, an image as {@code {"name","sizeGb","file","sha256"}}, a cache disk as
 * {@code {"kind","name","udid","sizeGb"}}.
 *
 * <pre>{@code
 * iaas powervm --hmc https://hmc1:12443 --hmc-user hscroot --hmc-password-file ~/.hmc \
 *      --system <uuid> --vios <uuid> --volume-group <uuid> upload-image --image rhel9 --size-gb 10 --file rhel9.raw
 * }</pre>
 */
@Command(name = "powervm", mixinStandardHelpOptions = true,
        description = "PowerVM image flows through an HMC or NovaLink: upload-image, spawn, snapshot, rescue, "
                + "unrescue, destroy.")
final class PowerVmCommand implements Runnable {
    @ParentCommand
    IaasCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--hmc", required = true, scope = ScopeType.INHERIT, paramLabel = "URI",
            description = "Base URI of the HMC or NovaLink REST API, e.g. https://hmc1:12443.")
    URI hmc;

    @Option(names = "--hmc-user", required = true, scope = ScopeType.INHERIT, paramLabel = "USER")
    String user;

    @Option(names = "--hmc-password-file", required = true, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "A file holding the password (its first line).")
    Path passwordFile;

    @Option(names = "--system", required = true, scope = ScopeType.INHERIT, paramLabel = "UUID",
            description = "The managed system's UUID.")
    String system;

    @Option(names = "--system-name", scope = ScopeType.INHERIT, paramLabel = "NAME", defaultValue = "powervm",
            description = "The host's name in the model and in requests (default: ${DEFAULT-VALUE}).")
    String hostName;

    @Option(names = "--vios", required = true, scope = ScopeType.INHERIT, paramLabel = "UUID",
            description = "The VIOS that serves the disks.")
    String vios;

    @Option(names = "--job-poll", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "1s",
            converter = Values.DurationConverter.class,
            description = "How often a running job's status is read (default: ${DEFAULT-VALUE}).")
    Duration jobPoll;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Storage storage;

    /** Where the disks are: a volume group of the VIOS, or a shared storage pool. */
    static final class Storage {
        @Option(names = "--volume-group", scope = ScopeType.INHERIT, paramLabel = "UUID",
                description = "Local disks in this volume group of the VIOS.")
        String volumeGroup;

        @Option(names = "--ssp", scope = ScopeType.INHERIT, paramLabel = "UUID",
                description = "Logical units of this shared storage pool.")
        String ssp;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a powervm command is needed: upload-image, spawn, snapshot, rescue, unrescue, destroy");
    }

    /** Logs on, runs {@code work} with the host and its disk driver, logs off. */
    private <T> T withHost(Function<Session, T> work) {
        char[] password = readPassword();
        PowerVmConfig config;
        try {
            config = PowerVmConfig.builder(hmc).credentials(user, password).jobPollInterval(jobPoll).build();
        } finally {
            Arrays.fill(password, '\0');
        }
        try (PowerVmClient client = PowerVmClient.connect(config);
                Engine engine = Engine.builder().defaultActionTimeout(cli.timeout).build()) {
            ResourceModel model = new ResourceModel();
            PowerVmHost host = PowerVmHost.of(hostName, client, system, hostName, vios, model);
            DiskDriver disks = storage.volumeGroup != null ? new LocalDiskDriver(client, vios, storage.volumeGroup)
                    : new SspDiskDriver(client, storage.ssp, vios);
            return work.apply(new Session(engine, host, disks));
        }
    }

    private record Session(Engine engine, PowerVmHost host, DiskDriver disks) {
    }

    private char[] readPassword() {
        try {
            String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return (nl < 0 ? text : text.substring(0, nl)).strip().toCharArray();
        } catch (IOException e) {
            throw CommandException.invalid("cannot read the HMC password file '" + passwordFile + "'");
        }
    }

    private static ImageRef image(String name, int sizeGb, Path file, String sha256) {
        return new ImageRef(name, sizeGb, file == null ? null : file.toAbsolutePath().toString(), sha256);
    }

    private void print(Object json, String text) {
        var out = spec.commandLine().getOut();
        out.print(cli.json ? Output.toJson(json) + "\n" : text + "\n");
        out.flush();
    }

    private static Map<String, Object> imageJson(ImageRef i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("sizeGb", i.sizeGb());
        m.put("file", i.file());
        m.put("sha256", i.sha256());
        return m;
    }

    private void printVm(Vm vm) {
        print(Output.vmJson(vm), vm.name() + " " + vm.state() + " boots from " + vm.definitionRef());
    }

    @Command(name = "upload-image", mixinStandardHelpOptions = true,
            description = "Put an image's bits in the image cache through the REST File API (nothing is sent "
                    + "when the cache holds it).")
    int uploadImage(@Option(names = "--image", required = true) String name,
            @Option(names = "--size-gb", required = true) int sizeGb,
            @Option(names = "--file", required = true) Path file,
            @Option(names = "--sha256") String sha256) {
        DiskRef d = withHost(s -> s.engine().run(UploadImageAction.plan(s.host(), s.disks(),
                new UploadImageRequest(hostName, image(name, sizeGb, file, sha256)))));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", d.kind().name());
        m.put("name", d.name());
        m.put("udid", d.udid());
        m.put("sizeGb", d.sizeGb());
        print(m, "image " + name + " cached as " + d.name());
        return ExitCodes.OK;
    }

    @Command(name = "spawn", mixinStandardHelpOptions = true,
            description = "Create and start an LPAR from an image (uploaded when the cache lacks it and --image-file "
                    + "is given), optionally with a configuration drive.")
    int spawn(@Option(names = "--name", required = true) String name,
            @Option(names = "--memory-mb", defaultValue = "2048") long memoryMb,
            @Option(names = "--proc-units", defaultValue = "0.5") double procUnits,
            @Option(names = "--vcpus", defaultValue = "1") int vcpus,
            @Option(names = "--vlan", required = true) int vlan,
            @Option(names = "--image", required = true) String image,
            @Option(names = "--image-size-gb", required = true) int imageGb,
            @Option(names = "--image-file") Path imageFile,
            @Option(names = "--disk-gb", required = true) int diskGb,
            @Option(names = "--user-data", paramLabel = "FILE",
                    description = "Give the VM a configuration drive with this cloud-init user-data.") Path userData) {
        SpawnRequest req = new SpawnRequest(hostName, name, memoryMb, procUnits, vcpus, vlan,
                image(image, imageGb, imageFile, null), diskGb);
        if (userData != null) {
            req = req.withConfigDrive(new ConfigDrive(ImageCommand.readUserData(userData)));
        }
        SpawnRequest r = req;
        printVm(withHost(s -> s.engine().run(SpawnAction.plan(s.host(), s.disks(), r))));
        return ExitCodes.OK;
    }

    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = "Copy a VM's boot disk to a local image file <dir>/<image>.raw (SHA-256 recorded).")
    int snapshot(@Parameters(paramLabel = "VM") String vm,
            @Option(names = "--image", required = true) String image,
            @Option(names = "--dir", required = true) Path dir) {
        ImageRef i = withHost(s -> s.engine().run(SnapshotAction.plan(s.host(), s.disks(),
                new SnapshotRequest(hostName, vm, image, dir.toAbsolutePath().toString()))));
        print(imageJson(i), "snapshot of " + vm + ": " + i.file() + " sha256 " + i.sha256());
        return ExitCodes.OK;
    }

    @Command(name = "rescue", mixinStandardHelpOptions = true,
            description = "Boot a VM to SMS with a disk made of a rescue image beside its own.")
    int rescue(@Parameters(paramLabel = "VM") String vm,
            @Option(names = "--image", required = true) String image,
            @Option(names = "--image-size-gb", required = true) int imageGb,
            @Option(names = "--image-file") Path imageFile) {
        printVm(withHost(s -> s.engine().run(RescueAction.plan(s.host(), s.disks(),
                new RescueRequest(hostName, vm, image(image, imageGb, imageFile, null))))));
        return ExitCodes.OK;
    }

    @Command(name = "unrescue", mixinStandardHelpOptions = true,
            description = "Remove a VM's rescue disk and boot it from its own disk.")
    int unrescue(@Parameters(paramLabel = "VM") String vm) {
        printVm(withHost(s -> s.engine().run(UnrescueAction.plan(s.host(), s.disks(),
                new UnrescueRequest(hostName, vm)))));
        return ExitCodes.OK;
    }

    @Command(name = "destroy", mixinStandardHelpOptions = true,
            description = "Power off and delete a VM, its disks, mappings and configuration drive.")
    int destroy(@Parameters(paramLabel = "VM") String vm) {
        boolean existed = withHost(s -> s.engine().run(DestroyAction.plan(s.host(), s.disks(), new VmRequest(vm))));
        print(Map.of("vm", vm, "existed", existed), "destroyed " + vm + " (existed: " + existed + ")");
        return ExitCodes.OK;
    }
}
