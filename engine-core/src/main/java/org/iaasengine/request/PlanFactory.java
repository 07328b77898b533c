package org.iaasengine.request;

import org.iaasengine.core.Action;

/**
 * Builds the plan of one action from its request. {@code C} is what the factory resolves the
 * request's names against: the hosts by model name, the resource model, the settings.
 *
 * <pre>{@code
 * PlanFactory<LibvirtPlanContext, StartRequest> start =
 *         (ctx, req) -> StartAction.plan(ctx.model(), ctx.settings(), ctx.host(req.host()), req);
 * }</pre>
 *
 * @param <C> the context the factory resolves names against
 * @param <Q> the request type
 */
@FunctionalInterface
public interface PlanFactory<C, Q extends ActionRequest> {
    /**
     * The plan for {@code request}; building it has no side effect.
     *
     * @throws IllegalArgumentException naming the bad value, as the action's builder method does
     * @throws org.iaasengine.core.CommandException NOT_FOUND when the request names a host the context lacks
     */
    Action<?> plan(C context, Q request);
}
