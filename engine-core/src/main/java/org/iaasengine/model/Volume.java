package org.iaasengine.model;

import com.google.common.base.Preconditions;
import java.util.Objects;

/**
 * A disk volume as the model knows it: an immutable value. A VM may have several; the volume
 * names the VM it is attached to and the guest device it is seen as there.
 *
 * <pre>{@code
 * Volume v = new Volume("data1", "host-a", "/var/lib/iaas/data1.qcow2", "qcow2", 1L << 30,
 *         null, null, VolumeState.AVAILABLE, null);
 * Volume attached = v.attachedTo("web1", "vdb");
 * }</pre>
 *
 * @param id        unique id of the volume in the model
 * @param host      the host whose storage holds its file
 * @param path      its file, absolute
 * @param format    its image format: {@code qcow2} or {@code raw}
 * @param sizeBytes its virtual size in bytes
 * @param vm        the VM it is attached to, or null
 * @param target    the guest device it is seen as there ({@code vdb}), or null
 * @param state     its state
 * @param owner     the id of the action that owns it now, or null
 */
public record Volume(String id, String host, String path, String format, long sizeBytes, String vm, String target,
        VolumeState state, String owner) {

    public Volume {
        Preconditions.checkArgument(id != null && !id.isEmpty(), "volume id must not be empty: '%s'", id);
        Preconditions.checkArgument(path != null && path.startsWith("/"), "path of volume '%s' must be absolute: '%s'",
                id, path);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(state, "state");
        Preconditions.checkArgument(sizeBytes >= 0, "size of volume '%s' must not be negative: %s", id, sizeBytes);
        Preconditions.checkArgument((vm == null) == (target == null),
                "volume '%s' needs both a vm and a target device, or neither: vm '%s', target '%s'", id, vm, target);
    }

    public Volume withState(VolumeState s) {
        return new Volume(id, host, path, format, sizeBytes, vm, target, s, owner);
    }

    public Volume withOwner(String actionId) {
        return new Volume(id, host, path, format, sizeBytes, vm, target, state, actionId);
    }

    /** Attached to {@code vmName} as {@code targetDev}, ATTACHED. */
    public Volume attachedTo(String vmName, String targetDev) {
        return new Volume(id, host, path, format, sizeBytes, vmName, targetDev, VolumeState.ATTACHED, owner);
    }

    /** Attached to no VM, AVAILABLE. */
    public Volume detached() {
        return new Volume(id, host, path, format, sizeBytes, null, null, VolumeState.AVAILABLE, owner);
    }

    /** True while attached to a VM (also while an action detaches it). */
    public boolean isAttached() {
        return vm != null;
    }
}
