package org.iaasengine.powervm.commands;

import java.util.List;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Entry;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.spec.AdapterRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.ClientNetworkAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unplugs the client network adapter with a given MAC from an LPAR (DELETE of the adapter), as
 * nova-powervm's UnplugVifs finds the adapter of a VIF by its MAC. An LPAR without such an adapter
 * is NOT_FOUND on the first attempt; the adapter found is remembered, so that after a DELETE whose
 * answer was lost (it took effect) the adapter being gone is taken as done, on the same attempt and
 * on a retry. Revert plugs the adapter back with the same MAC and VLAN, unless an adapter with that
 * MAC is there already (idempotent); after a failed execute, an adapter it removed is plugged back
 * the same way ({@link #revertFailed}).
 *
 * <pre>{@code
 * AdapterRef gone = new RemoveClientNetworkAdapter(client, Input.from(FOUND, LparInfo::uuid), "FAD4433E000C").execute(ctx);
 * }</pre>
 */
public final class RemoveClientNetworkAdapter implements Command<AdapterRef> {
    private static final Logger LOG = LoggerFactory.getLogger(RemoveClientNetworkAdapter.class);
    private final PowerVmClient client;
    private final Input<String> lparUuid;
    private final String mac;
    /** The adapter found by the first attempt (null until then). */
    private volatile AdapterRef found;

    /** {@code mac} in either form {@link Validate#mac} takes. */
    public RemoveClientNetworkAdapter(PowerVmClient client, Input<String> lparUuid, String mac) {
        this.client = Objects.requireNonNull(client, "client");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.mac = Validate.mac(mac);
    }

    @Override
    public AdapterRef execute(CommandContext ctx) {
        String lpar = lparUuid.resolve(ctx);
        AdapterRef now = withMac(lpar, client.feed(Paths.adapters(lpar), ClientNetworkAdapter.class));
        if (now == null) {
            if (found != null) {
                LOG.warn("adapter {} of LPAR {} is gone: an earlier unplug took effect", mac, lpar);
                return found;
            }
            throw CommandException.notFound("LPAR " + lpar + " has no client network adapter with MAC " + mac);
        }
        found = now;
        try {
            client.delete(Paths.adapter(lpar, now.adapterUuid()));
        } catch (PowerVmException e) {
            if (e.category() != FailureCategory.NOT_FOUND && !(e.httpStatus() == 0 && goneQuietly(lpar))) {
                throw e;
            }
        }
        LOG.info("unplugged adapter {} (MAC {}, VLAN {}) from LPAR {}", now.adapterUuid(), mac, now.vlan(), lpar);
        return now;
    }

    private AdapterRef withMac(String lpar, List<Entry<ClientNetworkAdapter>> adapters) {
        for (Entry<ClientNetworkAdapter> a : adapters) {
            if (a.value().macAddress != null && mac.equalsIgnoreCase(a.value().macAddress)) {
                int vlan = a.value().portVlanId == null ? 0 : a.value().portVlanId;
                return new AdapterRef(lpar, a.uuid(), a.value().macAddress.toUpperCase(java.util.Locale.ROOT), vlan);
            }
        }
        return null;
    }

    private boolean goneQuietly(String lpar) {
        try {
            return withMac(lpar, client.feed(Paths.adapters(lpar), ClientNetworkAdapter.class)) == null;
        } catch (PowerVmException e) {
            LOG.debug("cannot tell whether adapter {} of LPAR {} was unplugged", mac, lpar, e);
            return false;
        }
    }

    /** Plugs {@code removed} back (same MAC, same VLAN) unless an adapter with its MAC is there. */
    @Override
    public void revert(CommandContext ctx, AdapterRef removed) {
        if (withMac(removed.lparUuid(), client.feed(Paths.adapters(removed.lparUuid()),
                ClientNetworkAdapter.class)) != null) {
            return;
        }
        ClientNetworkAdapter cna = ClientNetworkAdapter.create(removed.vlan(), null);
        cna.associatedVirtualSwitch = null;
        cna.macAddress = removed.mac();
        try {
            client.create(Paths.adapters(removed.lparUuid()), cna);
        } catch (PowerVmException e) {
            if (e.httpStatus() != 0 || !plugged(removed.lparUuid())) {
                throw e;
            }
        }
        LOG.info("plugged adapter {} (VLAN {}) back into LPAR {}", mac, removed.vlan(), removed.lparUuid());
    }

    private boolean plugged(String lpar) {
        try {
            return withMac(lpar, client.feed(Paths.adapters(lpar), ClientNetworkAdapter.class)) != null;
        } catch (PowerVmException e) {
            return false;
        }
    }

    /** After a failed execute: plugs the adapter back when the failed DELETE took effect all the same. */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        AdapterRef f = found;
        if (f != null) {
            revert(ctx, f);
        }
    }

    @Override
    public boolean undoesFailure(Throwable failure) {
        return found != null;
    }

    @Override
    public String name() {
        return "RemoveClientNetworkAdapter(" + mac + ")";
    }
}
