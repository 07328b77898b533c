package org.iaasengine.libvirt.libvirtjava;

/**
 * The groups of {@code virConnectGetAllDomainStats} the driver can ask for, with libvirt's
 * {@code virDomainStatsTypes} bits. They differ greatly in cost on QEMU: STATE and INTERFACE are
 * read from libvirt's own records (50 paused TCG domains: about 0.7 ms in all), BALLOON and VCPU
 * need a job and a monitor exchange per running domain (same 50: about 150-250 ms each).
 *
 * <pre>{@code
 * driver.allDomainStats(EnumSet.of(StatsGroup.STATE, StatsGroup.INTERFACE)); // the fast path
 * }</pre>
 */
public enum StatsGroup {
    /** {@code state.state}, {@code state.reason}. */
    STATE(1),
    /** {@code balloon.current}, {@code balloon.maximum}, {@code balloon.rss}... */
    BALLOON(4),
    /** {@code vcpu.current}, {@code vcpu.maximum}, {@code vcpu.N.*}. */
    VCPU(8),
    /** {@code net.count}, {@code net.N.name}, {@code net.N.rx.bytes}... */
    INTERFACE(16);

    private final int bit;

    StatsGroup(int bit) {
        this.bit = bit;
    }

    /** The {@code VIR_DOMAIN_STATS_*} bit. */
    int bit() {
        return bit;
    }
}
