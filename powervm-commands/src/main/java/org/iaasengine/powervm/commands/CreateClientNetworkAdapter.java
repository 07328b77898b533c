package org.iaasengine.powervm.commands;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Entry;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.spec.AdapterRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparRef;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.ClientNetworkAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugs a client network adapter into an LPAR on a VLAN (PUT on the LPAR's ClientNetworkAdapter
 * feed). The adapters the LPAR had before the first PUT are noted, so that an adapter on the VLAN
 * that appeared since (its PUT took effect but the answer was lost) is taken as made, after the
 * failure and on a retry, rather than plugged a second time. Revert unplugs it (already gone counts
 * as reverted); after a failed execute, such an adapter is unplugged too ({@link #revertFailed}).
 *
 * <pre>{@code
 * AdapterRef cna = new CreateClientNetworkAdapter(client, Input.from(LPAR, LparRef::uuid), 100, vswitchHref).execute(ctx);
 * }</pre>
 */
public final class CreateClientNetworkAdapter implements Command<AdapterRef> {
    private static final Logger LOG = LoggerFactory.getLogger(CreateClientNetworkAdapter.class);
    private final PowerVmClient client;
    private final Input<String> lparUuid;
    private final int vlan;
    private final String vswitchHref;
    /** The adapters of the LPAR before this command's first PUT (null until then). */
    private volatile Set<String> before;

    /** {@code vswitchHref} may be null for the system's default virtual switch. */
    public CreateClientNetworkAdapter(PowerVmClient client, Input<String> lparUuid, int vlan, String vswitchHref) {
        this.client = Objects.requireNonNull(client, "client");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.vlan = Validate.vlan(vlan);
        this.vswitchHref = vswitchHref;
    }

    @Override
    public AdapterRef execute(CommandContext ctx) {
        String lpar = lparUuid.resolve(ctx);
        List<Entry<ClientNetworkAdapter>> now = client.feed(Paths.adapters(lpar), ClientNetworkAdapter.class);
        if (before == null) {
            before = now.stream().map(Entry::uuid).collect(Collectors.toUnmodifiableSet());
        } else {
            AdapterRef made = madeDespite(lpar, now);
            if (made != null) {
                return made;
            }
        }
        ClientNetworkAdapter cna = ClientNetworkAdapter.create(vlan, vswitchHref);
        if (vswitchHref == null) {
            cna.associatedVirtualSwitch = null;
        }
        ClientNetworkAdapter created;
        try {
            created = client.create(Paths.adapters(lpar), cna).value();
        } catch (PowerVmException e) {
            AdapterRef made = e.httpStatus() == 0 ? madeDespiteQuietly(lpar) : null;
            if (made == null) {
                throw e;
            }
            return made;
        }
        LOG.info("plugged adapter {} (VLAN {}) into LPAR {}", created.uuid(), vlan, lpar);
        return new AdapterRef(lpar, created.uuid(), created.macAddress, vlan);
    }

    /** The adapter on this VLAN the LPAR has now and did not have before the first PUT, or null. */
    private AdapterRef madeDespite(String lpar, List<Entry<ClientNetworkAdapter>> now) {
        for (Entry<ClientNetworkAdapter> a : now) {
            if (!before.contains(a.uuid()) && a.value().portVlanId != null && a.value().portVlanId == vlan) {
                LOG.warn("the answer to plugging an adapter (VLAN {}) into LPAR {} was lost, but it was plugged: {}",
                        vlan, lpar, a.uuid());
                return new AdapterRef(lpar, a.uuid(), a.value().macAddress, vlan);
            }
        }
        return null;
    }

    private AdapterRef madeDespiteQuietly(String lpar) {
        try {
            return madeDespite(lpar, client.feed(Paths.adapters(lpar), ClientNetworkAdapter.class));
        } catch (PowerVmException e) {
            LOG.debug("cannot tell whether the adapter of LPAR {} was plugged", lpar, e);
            return null;
        }
    }

    @Override
    public void revert(CommandContext ctx, AdapterRef adapter) {
        try {
            client.delete(Paths.adapter(adapter.lparUuid(), adapter.adapterUuid()));
        } catch (PowerVmException e) {
            if (e.category() != FailureCategory.NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * After a failed execute: unplugs what the failure left, an adapter on this VLAN the LPAR did
     * not have before the first PUT (a PUT that took effect although its answer, and the read after
     * it, failed). Nothing when the first read failed (no PUT was sent).
     */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        if (before == null) {
            return;
        }
        String lpar = lparUuid.resolve(ctx);
        AdapterRef made = madeDespite(lpar, client.feed(Paths.adapters(lpar), ClientNetworkAdapter.class));
        if (made != null) {
            revert(ctx, made);
            LOG.info("unplugged adapter {} (VLAN {}) that a failed plug left in LPAR {}", made.adapterUuid(), vlan,
                    lpar);
        }
    }

    @Override
    public boolean undoesFailure(Throwable failure) {
        return before != null;
    }

    @Override
    public String name() {
        return "CreateClientNetworkAdapter(vlan " + vlan + ")";
    }
}
