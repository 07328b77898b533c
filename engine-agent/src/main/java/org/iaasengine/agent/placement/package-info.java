/**
 * Where a new VM goes: Wakame-VDC's host-node scheduler (a pipe of rules that filter the hosts,
 * then order them) done with reservations. A {@link org.iaasengine.agent.placement.Demand} says
 * what the VM needs and where it may go; a {@link org.iaasengine.agent.placement.PlacementPolicy}
 * is a list of {@link org.iaasengine.agent.placement.HostFilter}s and weighed
 * {@link org.iaasengine.agent.placement.HostWeigher}s; the
 * {@link org.iaasengine.agent.placement.Placer} chooses a host and reserves what the VM takes in
 * one step, so that two placements at once never overbook a host; when no host fits it throws a
 * {@link org.iaasengine.agent.placement.NoHostFitsException} that says, host by host, why.
 *
 * <pre>{@code
 * PlacementPolicy policy = PlacementPolicy.builder().cpuOvercommit(4.0).weigh(HostWeigher.spread(), 1.0).build();
 * JobHandle h = orchestrator.submit(PlacedCreate.of(create, Demand.builder("web1", 512, 1).group("rack-1").build()));
 * h.node();   // the host chosen
 * }</pre>
 */
package org.iaasengine.agent.placement;
