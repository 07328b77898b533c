package org.iaasengine.powervm.commands;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Entry;
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
 * Gives an LPAR a virtual Fibre Channel adapter on a physical port of a VIOS (NPIV): a
 * read-modify-write of the VIOS. The server assigns the client WWPNs, which the result carries for
 * zoning. An existing mapping of the LPAR on that port is reused. Revert removes the mapping.
 *
 * <pre>{@code
 * FcMappingRef m = new AddVfcMapping(client, viosUuid, Input.of(lparUuid), "fcs0").execute(ctx);
 * }</pre>
 */
public final class AddVfcMapping implements Command<FcMappingRef> {
    private static final Logger LOG = LoggerFactory.getLogger(AddVfcMapping.class);
    private final PowerVmClient client;
    private final String viosUuid;
    private final Input<String> lparUuid;
    private final String port;

    public AddVfcMapping(PowerVmClient client, String viosUuid, Input<String> lparUuid, String port) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.port = Validate.fcPort(port);
    }

    @Override
    public FcMappingRef execute(CommandContext ctx) {
        String lpar = lparUuid.resolve(ctx);
        String href = Paths.lparHref(client, lpar);
        Entry<VirtualIOServer> vios = client.modify(Paths.vios(viosUuid), VirtualIOServer.class, v -> {
            boolean exists = v.fcMappings.mappings.stream()
                    .anyMatch(m -> lpar.equals(m.lparUuid()) && port.equals(m.portName()));
            if (!exists) {
                v.fcMappings.mappings.add(VirtualFibreChannelMapping.of(href, port));
            }
            return !exists;
        });
        VirtualFibreChannelMapping m = vios.value().fcMappings.mappings.stream()
                .filter(x -> lpar.equals(x.lparUuid()) && port.equals(x.portName())).findFirst()
                .orElseThrow(() -> new CommandException(FailureCategory.INTERNAL, "VIOS " + viosUuid
                        + " did not keep the NPIV mapping of LPAR " + lpar + " on " + port));
        List<String> wwpns = m.clientAdapter == null || m.clientAdapter.wwpns == null ? List.of()
                : Arrays.asList(m.clientAdapter.wwpns.trim().split("\\s+"));
        LOG.info("NPIV mapping of LPAR {} on {} of VIOS {}: WWPNs {}", lpar, port, viosUuid, wwpns);
        return new FcMappingRef(viosUuid, lpar, port, wwpns);
    }

    @Override
    public void revert(CommandContext ctx, FcMappingRef mapping) {
        RemoveVfcMapping.remove(client, mapping.viosUuid(), mapping.lparUuid(), mapping.port());
    }

    @Override
    public String name() {
        return "AddVfcMapping(" + port + ")";
    }
}
