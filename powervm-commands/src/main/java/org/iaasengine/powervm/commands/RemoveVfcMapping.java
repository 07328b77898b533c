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
 * Returns what it removed (a retry after a write whose answer was lost counts what that write
 * removed). Revert maps the LPAR on the same ports again; the server then assigns
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
    /** What an execution sent a write to remove (its answer may have been lost), for the next one. */
    private volatile List<FcMappingRef> tried = List.of();

    public RemoveVfcMapping(PowerVmClient client, String viosUuid, Input<String> lparUuid, String port) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.port = port == null ? null : Validate.fcPort(port);
    }

    @Override
    public List<FcMappingRef> execute(CommandContext ctx) {
        String lpar = lparUuid.resolve(ctx);
        return lpar == null ? List.of() : remove(client, viosUuid, lpar, port, tried, attempt -> tried = attempt);
    }

    static List<FcMappingRef> remove(PowerVmClient client, String viosUuid, String lpar, String port) {
        return remove(client, viosUuid, lpar, port, List.of(), attempt -> { });
    }

    /**
     * Removes the matching mappings; {@code earlier} is what an earlier execution sent a write to
     * remove: those gone now were removed by that write (whose answer was lost) and count as removed.
     */
    private static List<FcMappingRef> remove(PowerVmClient client, String viosUuid, String lpar, String port,
            List<FcMappingRef> earlier, java.util.function.Consumer<List<FcMappingRef>> trying) {
        List<FcMappingRef> removed = new ArrayList<>();
        VirtualIOServer after = client.modify(Paths.vios(viosUuid), VirtualIOServer.class, vios -> {
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
            if (!removed.isEmpty()) {
                List<FcMappingRef> attempt = new ArrayList<>(earlier);
                attempt.addAll(removed);
                trying.accept(List.copyOf(attempt));
            }
            return !removed.isEmpty();
        }).value();
        for (FcMappingRef ref : earlier) {
            boolean stillMapped = after.fcMappings.mappings.stream().anyMatch(m -> lpar.equals(m.lparUuid())
                    && ref.port().equals(m.portName()));
            if (!removed.contains(ref) && !stillMapped) {
                LOG.warn("the answer to the removal of the NPIV mapping of LPAR {} on {} was lost, but it was removed",
                        lpar, ref.port());
                removed.add(ref);
            }
        }
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
