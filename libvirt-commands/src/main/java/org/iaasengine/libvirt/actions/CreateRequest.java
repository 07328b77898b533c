package org.iaasengine.libvirt.actions;

import com.google.common.base.Preconditions;
import org.iaasengine.libvirt.Lifecycle;
import org.iaasengine.libvirt.commands.CopyTemplate;

/**
 * The parameters of a Create action, as data (GSN: vmName, templateName, memory, numCPUs, mac,
 * ipAddress). Values are checked when the action is built, before any side effect.
 *
 * <pre>{@code
 * CreateRequest req = CreateRequest.builder("web1").template("base.qcow2").memoryMiB(512).vcpus(1).build();
 * }</pre>
 *
 * @param name      the VM's name
 * @param template  template image relative to the host's template directory, or null (no disk)
 * @param memoryMiB memory in MiB
 * @param vcpus     virtual CPUs
 * @param mac       MAC address, or null to generate one (52:54:00 prefix, unique in the model)
 * @param ip        the IP address the cloud manager assigns, or null
 * @param network   {@code user} (default), {@code network:<name>} or {@code bridge:<name>}
 * @param lifecycle persistent or transient, or null for the host's default
 * @param copy      linked clone (default) or full copy of the template
 * @param kernel    a kernel to boot directly, or null
 * @param initrd    its initrd, or null
 * @param cmdline   its command line, or null
 * @param serialLog a file for the serial console, or null
 */
public record CreateRequest(String name, String template, long memoryMiB, int vcpus, String mac, String ip,
        String network, Lifecycle lifecycle, CopyTemplate.Mode copy, String kernel, String initrd, String cmdline,
        String serialLog) {

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link CreateRequest}; defaults: 512 MiB, 1 vCPU, user network, linked clone. */
    public static final class Builder {
        private final String name;
        private String template;
        private long memoryMiB = 512;
        private int vcpus = 1;
        private String mac;
        private String ip;
        private String network = "user";
        private Lifecycle lifecycle;
        private CopyTemplate.Mode copy = CopyTemplate.Mode.LINKED;
        private String kernel;
        private String initrd;
        private String cmdline;
        private String serialLog;

        private Builder(String name) {
            this.name = name;
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

        public Builder copy(CopyTemplate.Mode mode) {
            Preconditions.checkArgument(mode != null, "copy mode must not be null");
            this.copy = mode;
            return this;
        }

        public Builder directKernel(String kernelPath, String initrdPath, String commandLine) {
            this.kernel = kernelPath;
            this.initrd = initrdPath;
            this.cmdline = commandLine;
            return this;
        }

        public Builder serialLog(String path) {
            this.serialLog = path;
            return this;
        }

        public CreateRequest build() {
            return new CreateRequest(name, template, memoryMiB, vcpus, mac, ip, network, lifecycle, copy, kernel, initrd,
                    cmdline, serialLog);
        }
    }
}
