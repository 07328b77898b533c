package org.iaasengine.powervm.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.rest.Entry;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.AdapterRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.xml.uom.ClientNetworkAdapter;

/**
 * Plugs into one LPAR an adapter on each VLAN another LPAR has adapters on, in the order of the
 * other's adapters (a cold migration's target gets the networks of its source; the MACs are new).
 * Each adapter is a {@link CreateClientNetworkAdapter}, with its handling of lost answers; they are
 * kept by position, so a retry plugs only those not plugged yet, and the undo of a failure
 * unplugs what any of them left. Revert unplugs them all.
 *
 * <pre>{@code
 * List<AdapterRef> plugged = new PlugAdaptersLike(client, Input.from(FOUND, LparInfo::uuid), Input.from(TARGET, LparRef::uuid)).execute(ctx);
 * }</pre>
 */
public final class PlugAdaptersLike implements Command<List<AdapterRef>> {
    private final PowerVmClient client;
    private final Input<String> sourceLpar;
    private final Input<String> targetLpar;
    private final Map<Integer, CreateClientNetworkAdapter> plugs = new ConcurrentHashMap<>();
    private final Map<Integer, AdapterRef> done = new ConcurrentHashMap<>();

    public PlugAdaptersLike(PowerVmClient client, Input<String> sourceLpar, Input<String> targetLpar) {
        this.client = Objects.requireNonNull(client, "client");
        this.sourceLpar = Objects.requireNonNull(sourceLpar, "sourceLpar");
        this.targetLpar = Objects.requireNonNull(targetLpar, "targetLpar");
    }

    @Override
    public List<AdapterRef> execute(CommandContext ctx) throws Exception {
        List<Entry<ClientNetworkAdapter>> source = client.feed(Paths.adapters(sourceLpar.resolve(ctx)),
                ClientNetworkAdapter.class);
        List<AdapterRef> out = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            int vlan = source.get(i).value().portVlanId;
            AdapterRef a = done.get(i);
            if (a == null) {
                a = plugs.computeIfAbsent(i, k -> new CreateClientNetworkAdapter(client, targetLpar, vlan, null))
                        .execute(ctx);
                done.put(i, a);
            }
            out.add(a);
        }
        return List.copyOf(out);
    }

    @Override
    public void revert(CommandContext ctx, List<AdapterRef> plugged) throws Exception {
        for (int i = plugged.size() - 1; i >= 0; i--) {
            plugs.get(i).revert(ctx, plugged.get(i));
        }
    }

    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) throws Exception {
        for (Map.Entry<Integer, CreateClientNetworkAdapter> p : plugs.entrySet()) {
            AdapterRef a = done.get(p.getKey());
            if (a != null) {
                p.getValue().revert(ctx, a);
            } else {
                p.getValue().revertFailed(ctx, failure);
            }
        }
    }

    @Override
    public boolean undoesFailure(Throwable failure) {
        return !plugs.isEmpty();
    }

    @Override
    public String name() {
        return "PlugAdaptersLike";
    }
}
