package org.iaasengine.libvirt;

import org.iaasengine.core.InvalidInputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.images.ImageStore;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;

/**
 * One libvirt host as the library sees it: its name in the model, the driver that reaches it,
 * where templates are read and disk copies written, where definitions are kept, and the default
 * lifecycle of the VMs it creates.
 *
 * <pre>{@code
 * LibvirtHost host = LibvirtHost.builder("host-a", LibvirtJavaDriver.open("qemu:///system"))
 *         .templates(Path.of("/var/lib/iaas/templates"))
 *         .storage(Path.of("/var/lib/iaas/storage"))
 *         .store(DefinitionStore.open(Path.of("/var/lib/iaas/definitions")))
 *         .build();
 * }</pre>
 */
public final class LibvirtHost {
    private final String name;
    private final LibvirtDriver driver;
    private final Path templates;
    private final Path storage;
    private final ImageStore images;
    private final DefinitionStore store;
    private final Lifecycle lifecycle;
    private final String domainType;
    private final Duration processTimeout;

    private LibvirtHost(Builder b) {
        this.name = b.name;
        this.driver = b.driver;
        this.templates = b.templates;
        this.storage = b.storage;
        this.images = new ImageStore(b.images);
        this.store = b.store;
        this.lifecycle = b.lifecycle;
        this.domainType = b.domainType;
        this.processTimeout = b.processTimeout;
    }

    public static Builder builder(String name, LibvirtDriver driver) {
        return new Builder(name, driver);
    }

    /** The host's name in the resource model. */
    public String name() {
        return name;
    }

    public LibvirtDriver driver() {
        return driver;
    }

    /** The directory templates are read from (absolute, normalized). */
    public Path templates() {
        return templates;
    }

    /** The directory disk copies are written to (absolute, normalized). */
    public Path storage() {
        return storage;
    }

    /** The image store backups are written to and VMs may be created from (see {@link Builder#images}). */
    public ImageStore images() {
        return images;
    }

    public DefinitionStore store() {
        return store;
    }

    /** The lifecycle of VMs created without saying which. */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /** The domain type of VMs this host creates: {@code kvm}, or {@code qemu} without KVM. */
    public String domainType() {
        return domainType;
    }

    /** The timeout of external programs such as {@code qemu-img}. */
    public Duration processTimeout() {
        return processTimeout;
    }

    /** Builds a {@link LibvirtHost}. */
    public static final class Builder {
        private final String name;
        private final LibvirtDriver driver;
        private Path templates = Path.of("/var/lib/iaas-engine/templates");
        private Path storage = Path.of("/var/lib/iaas-engine/storage");
        private Path images = Path.of("/var/lib/iaas-engine/images");
        private DefinitionStore store;
        private Lifecycle lifecycle = Lifecycle.PERSISTENT;
        private String domainType = "kvm";
        private Duration processTimeout = Duration.ofMinutes(10);

        private Builder(String name, LibvirtDriver driver) {
            InvalidInputException.check(name != null && !name.isBlank(), "host name must not be blank: '%s'", name);
            this.name = name;
            this.driver = Objects.requireNonNull(driver, "driver");
        }

        public Builder templates(Path dir) {
            this.templates = dir.toAbsolutePath().normalize();
            return this;
        }

        public Builder storage(Path dir) {
            this.storage = dir.toAbsolutePath().normalize();
            return this;
        }

        /** The directory of backup images (default {@code /var/lib/iaas-engine/images}; made by the first backup). */
        public Builder images(Path dir) {
            this.images = dir.toAbsolutePath().normalize();
            return this;
        }

        public Builder store(DefinitionStore s) {
            this.store = Objects.requireNonNull(s, "store");
            return this;
        }

        public Builder lifecycle(Lifecycle l) {
            this.lifecycle = Objects.requireNonNull(l, "lifecycle");
            return this;
        }

        /**
         * {@code kvm} (default), {@code qemu} (software emulation, no KVM) or {@code test} (libvirt's
         * test driver).
         */
        public Builder domainType(String type) {
            InvalidInputException.check("kvm".equals(type) || "qemu".equals(type) || "test".equals(type),
                    "domain type must be kvm, qemu or test, was '%s'", type);
            this.domainType = type;
            return this;
        }

        public Builder processTimeout(Duration t) {
            InvalidInputException.check(t != null && !t.isNegative() && !t.isZero(), "timeout must be positive: %s", t);
            this.processTimeout = t;
            return this;
        }

        public LibvirtHost build() {
            Objects.requireNonNull(store, "a definition store is required: call store(DefinitionStore.open(dir))");
            return new LibvirtHost(this);
        }
    }
}
