package org.iaasengine.powervm.commands;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.FcMappingRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.VirtualFibreChannelMapping;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the NPIV mappings of an LPAR on a VIOS: on one port, or on all ports ({@code port} null).
 * Returns what it removed. Revert maps the LPAR on the same ports again; the server then assigns
 * new WWPNs, which the storage side must zone again.
 *
 * <pre>{@code
 * List<FcMappingRef> removed = new RemoveVfcMapping(client, viosUuid, Input.of(lparUuid), "fcs0").execute(ctx);
 * }</pre>
 */
public final class RemoveVfcMapping implements Command<List<FcMappingRef>> {
    private static final Logger LOG = LoggerFactory.getLogger(RemoveVfcMapping.class);
    private final PowerVmClient client;
    private final String viosUuid;
    private final Input<String> lparUuid;
    private final String port;

    public RemoveVfcMapping(PowerVmClient client, String viosUuid, Input<String> lparUuid, String port) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.port = port == null ? null : Validate.fcPort(port);
    }

    @Override
    public List<FcMappingRef> execute(CommandContext ctx) {
        String lpar = lparUuid.resolve(ctx);
        return lpar == null ? List.of() : remove(client, viosUuid, lpar, port);
    }

    static List<FcMappingRef> remove(PowerVmClient client, String viosUuid, String lpar, String port) {
        List<FcMappingRef> removed = new ArrayList<>();
        client.modify(Paths.vios(viosUuid), VirtualIOServer.class, vios -> {
            removed.clear();
            List<VirtualFibreChannelMapping> keep = new ArrayList<>();
            for (VirtualFibreChannelMapping m : vios.fcMappings.mappings) {
                if (lpar.equals(m.lparUuid()) && (port == null || port.equals(m.portName()))) {
                    String w = m.clientAdapter == null || m.clientAdapter.wwpns == null ? "" : m.clientAdapter.wwpns;
                    removed.add(new FcMappingRef(viosUuid, lpar, m.portName(),
                            w.isBlank() ? List.of() : Arrays.asList(w.trim().split("\\s+"))));
                } else {
                    keep.add(m);
                }
            }
            vios.fcMappings.mappings = keep;
            return !removed.isEmpty();
        });
        if (!removed.isEmpty()) {
            LOG.info("removed {} NPIV mapping(s) of LPAR {} on VIOS {}", removed.size(), lpar, viosUuid);
        }
        return List.copyOf(removed);
    }

    @Override
    public void revert(CommandContext ctx, List<FcMappingRef> removed) {
        for (FcMappingRef m : removed) {
            new AddVfcMapping(client, m.viosUuid(), Input.of(m.lparUuid()), m.port()).execute(ctx);
        }
    }

    /** Nothing to map again when nothing was removed. */
    @Override
    public boolean needsRevert(List<FcMappingRef> removed) {
        return !removed.isEmpty();
    }
}
