package org.iaasengine.libvirt.driver;

import java.util.Objects;

/**
 * A domain's state and the reason for it, as {@code virsh domstate --reason} shows it.
 *
 * @param state  the state
 * @param reason the reason in virsh's words ({@code booted}, {@code destroyed}, {@code shutdown},
 *               {@code user}, {@code migrated}, {@code crashed}, {@code unknown}...)
 */
public record DomainStatus(DomainState state, String reason) {
    public DomainStatus {
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "unknown" : reason;
    }
}
