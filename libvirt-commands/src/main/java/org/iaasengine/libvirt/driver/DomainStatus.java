package org.iaasengine.libvirt.driver;

import java.util.Objects;

/**
 * A domain's state and the reason for it ({@code virDomainGetState}).
 *
 * @param state  the state
 * @param reason why it is in that state ({@link StateReason#RUNNING_BOOTED},
 *               {@link StateReason#SHUTOFF_DESTROYED}, {@link StateReason#PAUSED_USER}...); a reason
 *               of {@code state} (null stands for the state's unknown one)
 */
public record DomainStatus(DomainState state, StateReason reason) {
    public DomainStatus {
        Objects.requireNonNull(state, "state");
        reason = reason == null ? StateReason.unknown(state) : reason;
        if (reason.state() != state) {
            throw new IllegalArgumentException("reason " + reason + " is not one of state " + state);
        }
    }
}
