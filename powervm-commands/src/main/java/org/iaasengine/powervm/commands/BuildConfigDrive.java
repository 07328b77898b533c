package org.iaasengine.powervm.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.seed.NoCloudSeed;
import org.iaasengine.powervm.spec.ConfigDrive;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.Validate;

/**
 * Builds a VM's configuration drive as a local ISO ({@link NoCloudSeed}: the LPAR's UUID as
 * instance-id, the VM's name as hostname, the drive's user-data, DHCP on the first ethernet) in a
 * private temporary directory, with genisoimage through the project's process runner within
 * {@code timeout}. The result is the ISO's path; {@link UploadOpticalMedia} removes the file once
 * its bytes are on the VIOS, and revert removes it (and its directory) if they never got there.
 *
 * <pre>{@code
 * .step(CONFIG_ISO, new BuildConfigDrive(Input.from(LPAR, LparRef::uuid), "web1", drive, Duration.ofMinutes(1)))
 * }</pre>
 */
public final class BuildConfigDrive implements Command<String> {
    private final Input<String> lparUuid;
    private final String vmName;
    private final ConfigDrive drive;
    private final Duration timeout;

    public BuildConfigDrive(Input<String> lparUuid, String vmName, ConfigDrive drive, Duration timeout) {
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.vmName = Validate.lparName(vmName);
        this.drive = Objects.requireNonNull(drive, "drive");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String execute(CommandContext ctx) throws IOException {
        String uuid = Validate.uuid(lparUuid.resolve(ctx), "LPAR UUID");
        NoCloudSeed seed = NoCloudSeed.of(uuid, vmName, drive.userData());
        Path dir = Files.createTempDirectory("iaas-powervm-cfg-");
        Path iso = dir.resolve(ConfigDrive.mediaName(vmName) + ".iso");
        try {
            seed.writeIso(iso, ctx.timeLeftOr(timeout));
        } catch (IOException | RuntimeException e) {
            remove(iso.toString());
            throw e;
        }
        return iso.toString();
    }

    @Override
    public void revert(CommandContext ctx, String iso) throws IOException {
        remove(iso);
    }

    /** Removes the ISO {@code iso} and its temporary directory (nothing when gone already). */
    static void remove(String iso) throws IOException {
        Path p = Path.of(iso);
        Files.deleteIfExists(p);
        Path dir = p.getParent();
        if (dir != null && dir.getFileName().toString().startsWith("iaas-powervm-cfg-")) {
            Files.deleteIfExists(dir);
        }
    }

    @Override
    public String name() {
        return "BuildConfigDrive(" + vmName + ")";
    }
}
