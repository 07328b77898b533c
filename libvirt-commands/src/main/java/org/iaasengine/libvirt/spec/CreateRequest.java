package org.iaasengine.libvirt.spec;

import java.util.UUID;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The parameters of a Create action, as data (GSN: vmName, templateName, memory, numCPUs, mac,
 * ipAddress). Values are checked when the action is built, before any side effect.
 *
 * <p>A caller may leave the host, the UUID, the MAC and the lifecycle out; the plan the action
 * builds records the request with all four filled in (the host it runs on, a new UUID, a new MAC,
 * the host's default lifecycle), so that the plan rebuilt from that request makes the same VM.
 *
 * <pre>{@code
 * CreateRequest req = CreateRequest.builder("web1").template("base.qcow2").memoryMiB(512).vcpus(1).build();
 * Action<Vm> create = actions.create(host, req);
 * create.request();   // the CreateRequest with host, uuid, mac and lifecycle filled in
 * }</pre>
 *
 * @param host      the host's model name, or null for the host the action is given
 * @param name      the VM's name
 * @param uuid      the VM's UUID, or null for a new random one
 * @param template  template image relative to the host's template directory, or null (no disk)
 * @param memoryMiB memory in MiB
 * @param vcpus     virtual CPUs
 * @param mac       MAC address, or null to generate one (52:54:00 prefix, unique in the model)
 * @param ip        the IP address the cloud manager assigns, or null
 * @param network   {@code user} (default), {@code network:<name>} or {@code bridge:<name>}
 * @param lifecycle persistent or transient, or null for the host's default
 * @param copy      linked clone (default) or full copy of the template
 * @param kernel    a kernel to boot directly (an absolute host path the QEMU process can read), or null:
 *                  see {@link Builder#directKernel}
 * @param initrd    its initrd (likewise), or null
 * @param cmdline   its command line, or null
 * @param serialLog a file on the host for the serial console (absolute; the QEMU process writes it), or
 *                  null: see {@link Builder#serialLog}
 * @param backup    a backup image in the host's image store to make the disk from (its checksum is
 *                  checked first), or null; not with {@code template}: see {@link Builder#backup}
 * @param userData  cloud-init user-data for a metadata drive (a NoCloud seed attached as a read-only
 *                  CD-ROM), or null for none: see {@link Builder#userData}
 */
public record CreateRequest(String host, String name, UUID uuid, String template, long memoryMiB, int vcpus,
        String mac, String ip, String network, Lifecycle lifecycle, CopyMode copy, String kernel, String initrd,
        String cmdline, String serialLog, String backup, String userData) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "create";

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        Builder b = new Builder(name).host(host).uuid(uuid).template(template).memoryMiB(memoryMiB).vcpus(vcpus)
                .mac(mac).ip(ip).network(network).lifecycle(lifecycle)
                .directKernel(kernel, initrd, cmdline).serialLog(serialLog).backup(backup).userData(userData);
        b.copy = copy;
        return b;
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(name);
    }

    /** Builds a {@link CreateRequest}; defaults: 512 MiB, 1 vCPU, user network, linked clone. */
    public static final class Builder {
        private final String name;
        private String host;
        private UUID uuid;
        private String template;
        private long memoryMiB = 512;
        private int vcpus = 1;
        private String mac;
        private String ip;
        private String network = "user";
        private Lifecycle lifecycle;
        private CopyMode copy = CopyMode.LINKED;
        private String kernel;
        private String initrd;
        private String cmdline;
        private String serialLog;
        private String backup;
        private String userData;

        private Builder(String name) {
            this.name = name;
        }

        /** The host's model name (default: the host the action is given). */
        public Builder host(String hostName) {
            this.host = hostName;
            return this;
        }

        /** The VM's UUID (default: a new random one, chosen when the action is built). */
        public Builder uuid(UUID id) {
            this.uuid = id;
            return this;
        }

        public Builder template(String t) {
            this.template = t;
            return this;
        }

        public Builder memoryMiB(long m) {
            this.memoryMiB = m;
            return this;
        }

        public Builder vcpus(int n) {
            this.vcpus = n;
            return this;
        }

        public Builder mac(String m) {
            this.mac = m;
            return this;
        }

        public Builder ip(String address) {
            this.ip = address;
            return this;
        }

        public Builder network(String n) {
            this.network = n;
            return this;
        }

        public Builder lifecycle(Lifecycle l) {
            this.lifecycle = l;
            return this;
        }

        public Builder copy(CopyMode mode) {
            InvalidInputException.check(mode != null, "copy mode must not be null");
            this.copy = mode;
            return this;
        }

        /**
         * Boots the VM from a kernel on the host instead of from its disk's boot loader (libvirt's
         * {@code <os><kernel>}, {@code <initrd>}, {@code <cmdline>}): the guest starts that kernel with
         * that initrd and command line, and its disk (if any) is only a disk to it.
         *
         * <pre>{@code
         * CreateRequest.builder("k1").template("base.qcow2")
         *         .directKernel("/var/lib/iaas-engine/kernels/vmlinuz", "/var/lib/iaas-engine/kernels/initrd.img",
         *                 "console=ttyS0 root=/dev/vda1")
         *         .serialLog("/var/log/iaas-engine/k1-serial.log")
         *         .build();
         * }</pre>
         *
         * @param kernelPath  the kernel image, an absolute path on the host (not in the guest), without
         *                    control characters; null for none (the VM boots from its disk, the
         *                    default). It is read when the VM starts, by the QEMU process, not by this
         *                    library: the user QEMU runs as must be able to read it ({@code libvirt-qemu}
         *                    for {@code qemu:///system} on Debian, the connecting user for
         *                    {@code qemu:///session}), and its directories must let that user through;
         *                    with libvirt's {@code dynamic_ownership} (the default) libvirt may give the
         *                    file to that user while the VM runs.
         * @param initrdPath  the initial ramdisk for that kernel, an absolute host path read as the
         *                    kernel is; null for none. An initrd without a kernel is refused.
         * @param commandLine the kernel command line, such as {@code console=ttyS0 root=/dev/vda1}
         *                    (passed to the guest's kernel as it is, no shell involved); null for none;
         *                    no control characters
         * @return this builder
         */
        public Builder directKernel(String kernelPath, String initrdPath, String commandLine) {
            this.kernel = kernelPath;
            this.initrd = initrdPath;
            this.cmdline = commandLine;
            return this;
        }

        /**
         * Writes the VM's serial console (its first serial port, the guest's {@code ttyS0}) to a file
         * on the host instead of a pseudo terminal ({@code virsh console}): libvirt's
         * {@code <serial type='file'>}. Useful with {@code console=ttyS0} on the kernel command line
         * to keep the guest's boot messages.
         *
         * <pre>{@code
         * CreateRequest.builder("web1").template("base.qcow2").serialLog("/var/log/iaas-engine/web1-serial.log").build();
         * }</pre>
         *
         * @param path an absolute path on the host, without control characters; null for a pseudo
         *             terminal (the default). The file is opened when the VM starts, on the host, for
         *             the QEMU process, not by this library: the user QEMU runs as ({@code libvirt-qemu}
         *             for {@code qemu:///system} on Debian, the connecting user for
         *             {@code qemu:///session}) must be able to create it in its directory, or write it
         *             if it exists (libvirt may have virtlogd, as root, open it instead, depending on its
         *             {@code stdio_handler} setting: do not count on that). It is truncated at each
         *             start. Give each VM its own file.
         * @return this builder
         */
        public Builder serialLog(String path) {
            this.serialLog = path;
            return this;
        }

        /**
         * Makes the VM's disk from the backup image {@code image} in the host's image store instead of a
         * template: the image's size and SHA-256 are checked against its sidecar first (a mismatch fails
         * the action naming the image, before anything is created), then it is copied in full (the VM's
         * disk does not depend on the image afterwards).
         *
         * <pre>{@code
         * CreateRequest.builder("web1-restored").backup("web1-monday").build();
         * }</pre>
         *
         * @param image the image's name in the store, or null for none (the default)
         * @return this builder
         */
        public Builder backup(String image) {
            this.backup = image;
            return this;
        }

        /**
         * Gives the VM a metadata drive: a cloud-init NoCloud seed (ISO 9660, label {@code cidata}) with
         * {@code meta-data} (instance-id: the VM's UUID; local-hostname: its name), this
         * {@code user-data}, and a {@code network-config} (DHCP on the first ethernet), attached as a
         * read-only IDE CD-ROM ({@code hdc}). The ISO lives in the host's storage directory and goes
         * with the VM.
         *
         * <pre>{@code
         * CreateRequest.builder("web1").template("base.qcow2").userData("#cloud-config\nhostname: web1\n").build();
         * }</pre>
         *
         * @param data the user-data text (at most 1 MiB of UTF-8, no NUL), or null for no drive (the default)
         * @return this builder
         */
        public Builder userData(String data) {
            this.userData = data;
            return this;
        }

        public CreateRequest build() {
            return new CreateRequest(host, name, uuid, template, memoryMiB, vcpus, mac, ip, network, lifecycle, copy,
                    kernel, initrd, cmdline, serialLog, backup, userData);
        }
    }
}
