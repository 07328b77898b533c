package org.iaasengine.libvirt.driver;

/**
 * Which definitions of a domain a device change ({@link LibvirtDriver#attachDevice},
 * {@link LibvirtDriver#detachDevice}) applies to: libvirt's {@code VIR_DOMAIN_AFFECT_LIVE} and
 * {@code VIR_DOMAIN_AFFECT_CONFIG} ({@code virsh attach-device --live --config}).
 *
 * <pre>{@code
 * DomainSummary d = driver.lookup("web1").orElseThrow();
 * driver.attachDevice("web1", diskXml, DeviceScope.of(d.state().isActive(), d.persistent()));
 * }</pre>
 */
public enum DeviceScope {
    /** The running domain only: a transient domain, or a change the definition must not see yet. */
    LIVE(true, false),
    /** The persistent definition only: an inactive domain, or the second half of a detach. */
    CONFIG(false, true),
    /** Both at once: a running persistent domain. */
    LIVE_AND_CONFIG(true, true);

    private final boolean live;
    private final boolean config;

    DeviceScope(boolean live, boolean config) {
        this.live = live;
        this.config = config;
    }

    /** True if the running domain is changed. */
    public boolean live() {
        return live;
    }

    /** True if the persistent definition is changed. */
    public boolean config() {
        return config;
    }

    /** libvirt's {@code virDomainModificationImpact} flags: LIVE = 1, CONFIG = 2. */
    public int flags() {
        return (live ? 1 : 0) | (config ? 2 : 0);
    }

    /**
     * The scope for a domain that is {@code active} (running or paused) and {@code persistent}: live
     * and persistent together for a running persistent domain, live only for a transient one (it has
     * no persistent definition), the definition only for an inactive persistent one.
     *
     * @throws IllegalArgumentException for an inactive transient domain (it does not exist)
     */
    public static DeviceScope of(boolean active, boolean persistent) {
        if (active) {
            return persistent ? LIVE_AND_CONFIG : LIVE;
        }
        if (persistent) {
            return CONFIG;
        }
        throw new IllegalArgumentException("an inactive transient domain has no definition to change");
    }
}
