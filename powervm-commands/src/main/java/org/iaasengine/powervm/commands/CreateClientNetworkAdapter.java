package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.FailureCategory;
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
 * feed). Revert unplugs it (already gone counts as reverted).
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
        ClientNetworkAdapter cna = ClientNetworkAdapter.create(vlan, vswitchHref);
        if (vswitchHref == null) {
            cna.associatedVirtualSwitch = null;
        }
        ClientNetworkAdapter created = client.create(Paths.adapters(lpar), cna).value();
        LOG.info("plugged adapter {} (VLAN {}) into LPAR {}", created.uuid(), vlan, lpar);
        return new AdapterRef(lpar, created.uuid(), created.macAddress, vlan);
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

    @Override
    public String name() {
        return "CreateClientNetworkAdapter(vlan " + vlan + ")";
    }
}
