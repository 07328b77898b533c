package org.iaasengine.request;

import com.google.common.base.Preconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.iaasengine.core.Action;

/**
 * A hypervisor module's actions by name: for each, the record type of its request and the
 * {@link PlanFactory} that builds its plan. From a request alone (or its JSON), the registry
 * rebuilds the plan: a journal after a crash, a host agent that received it over the wire.
 *
 * <pre>{@code
 * ActionRegistry<LibvirtPlanContext> registry = LibvirtRegistry.registry();
 * LibvirtPlanContext ctx = new LibvirtPlanContext(actions, Map.of("host-a", hostA));
 * Action<?> plan = registry.plan(ctx, "{\"schema\":1,\"action\":\"start\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}");
 * engine.run(plan);
 * }</pre>
 *
 * @param <C> what the plan factories resolve a request's names against (hosts, model, settings)
 */
public final class ActionRegistry<C> {
    private final Map<String, Entry<C, ?>> entries;
    private final RequestCodec codec;

    private record Entry<C, Q extends ActionRequest>(Class<Q> type, PlanFactory<C, ? super Q> factory) {
        Action<?> plan(C context, ActionRequest request) {
            return factory.plan(context, type.cast(request));
        }
    }

    private ActionRegistry(Map<String, Entry<C, ?>> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        Map<String, Class<? extends ActionRequest>> types = new LinkedHashMap<>();
        entries.forEach((name, e) -> types.put(name, e.type()));
        this.codec = RequestCodec.of(types);
    }

    public static <C> Builder<C> builder() {
        return new Builder<>();
    }

    /** The action names, in the order they were registered. */
    public Set<String> actions() {
        return entries.keySet();
    }

    /**
     * The request record type of {@code action}.
     *
     * @throws InvalidRequestException when the registry has no such action
     */
    public Class<? extends ActionRequest> requestType(String action) {
        return entry(action).type();
    }

    /** The JSON codec of this registry's requests. */
    public RequestCodec codec() {
        return codec;
    }

    /**
     * The plan of {@code request}'s action, built by its factory against {@code context}.
     *
     * @throws InvalidRequestException when the registry has no such action, or the request is not
     *     of the action's request type
     * @throws IllegalArgumentException naming a value the action refuses (as its builder method does)
     */
    public Action<?> plan(C context, ActionRequest request) {
        Objects.requireNonNull(request, "request");
        Entry<C, ?> e = entry(request.action());
        if (!e.type().isInstance(request)) {
            throw new InvalidRequestException("action '" + request.action() + "' takes a "
                    + e.type().getSimpleName() + ", not a " + request.getClass().getSimpleName());
        }
        Action<?> plan = e.plan(context, request);
        if (!plan.name().equals(request.action())) {
            throw new IllegalStateException("the factory of action '" + request.action()
                    + "' built a plan named '" + plan.name() + "'");
        }
        return plan;
    }

    /** {@link #plan(Object, ActionRequest)} of the request {@link RequestCodec#fromJson read} from {@code json}. */
    public Action<?> plan(C context, String json) {
        return plan(context, codec.fromJson(json));
    }

    private Entry<C, ?> entry(String action) {
        Entry<C, ?> e = entries.get(action);
        if (e == null) {
            throw new InvalidRequestException("unknown action '" + action + "' (known: "
                    + String.join(", ", entries.keySet()) + ")");
        }
        return e;
    }

    /** Builds an {@link ActionRegistry}; each action name and each request type once. */
    public static final class Builder<C> {
        private final Map<String, Entry<C, ?>> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /** Registers {@code action}: its requests are {@code type} records, planned by {@code factory}. */
        public <Q extends ActionRequest> Builder<C> register(String action, Class<Q> type,
                PlanFactory<C, ? super Q> factory) {
            Preconditions.checkArgument(action != null && !action.isBlank(), "action name must not be blank: '%s'",
                    action);
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(factory, "factory");
            Preconditions.checkArgument(type.isRecord(), "request type %s of action '%s' must be a record",
                    type.getSimpleName(), action);
            Preconditions.checkArgument(!entries.containsKey(action), "action '%s' is registered twice", action);
            entries.values().forEach(e -> Preconditions.checkArgument(!e.type().equals(type),
                    "request type %s is registered for two actions", type.getSimpleName()));
            entries.put(action, new Entry<>(type, factory));
            return this;
        }

        public ActionRegistry<C> build() {
            return new ActionRegistry<>(entries);
        }
    }
}
