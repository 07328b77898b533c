package org.iaasengine.libvirt.virsh;

import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.iaasengine.core.spi.TaskScheduler;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a {@link VirshDriver}.
 *
 * <pre>{@code
 * VirshDriver d = VirshDriver.builder("qemu:///system")
 *         .virsh(Path.of("/usr/bin/virsh"))
 *         .timeout(Duration.ofSeconds(10))
 *         .maxOutputBytes(4 << 20)
 *         .build();
 * }</pre>
 */
public final class VirshDriverBuilder {
    private final String uri;
    private Path virsh = Path.of("virsh");
    private Duration timeout = VirshDriver.DEFAULT_TIMEOUT;
    private int maxOutputBytes = VirshDriver.DEFAULT_MAX_OUTPUT_BYTES;
    private TaskScheduler scheduler;

    VirshDriverBuilder(String uri) {
        Preconditions.checkArgument(uri != null && !uri.isBlank(), "uri must not be blank: '%s'", uri);
        this.uri = uri;
    }

    /** The virsh executable (default: {@code virsh} found on the PATH). */
    public VirshDriverBuilder virsh(Path executable) {
        this.virsh = Objects.requireNonNull(executable, "executable");
        return this;
    }

    /** The watchdog timeout of each virsh process (default 30 s). */
    public VirshDriverBuilder timeout(Duration callTimeout) {
        VirshDriver.checkTimeout(callTimeout);
        this.timeout = callTimeout;
        return this;
    }

    /** The most stdout one call may print before it fails (default 16 MiB). */
    public VirshDriverBuilder maxOutputBytes(int bytes) {
        Preconditions.checkArgument(bytes > 0, "maxOutputBytes must be positive: %s", bytes);
        this.maxOutputBytes = bytes;
        return this;
    }

    /**
     * Where the watchdogs of the driver's processes and the restarts of its event streams are
     * timed (default: a {@link org.iaasengine.core.spi.SystemScheduler} of the driver's own,
     * thread {@code iaas-virsh[URI]-timer}, stopped by {@link VirshDriver#close()}).
     */
    public VirshDriverBuilder scheduler(TaskScheduler s) {
        this.scheduler = Objects.requireNonNull(s, "scheduler");
        return this;
    }

    /** The driver. It starts no process (and no thread) until called. */
    public VirshDriver build() {
        return new VirshDriver(new VirshRunner(virsh, uri, maxOutputBytes, scheduler), timeout,
                VirshNames.argumentCharset(), ConcurrentHashMap.newKeySet());
    }
}
