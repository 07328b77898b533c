/**
 * The GSN action set on libvirt, one plan class per action ({@link org.iaasengine.libvirt.actions.CreateAction},
 * {@link org.iaasengine.libvirt.actions.StartAction}, ... {@link org.iaasengine.libvirt.actions.HostStatisticalAction}),
 * each building an engine {@link org.iaasengine.core.Action} from a typed request of
 * {@link org.iaasengine.libvirt.spec} and the immutable {@link org.iaasengine.libvirt.actions.LibvirtSettings};
 * the {@link org.iaasengine.libvirt.actions.LibvirtActions} facade that builds the requests for callers; and the
 * {@link org.iaasengine.libvirt.actions.LibvirtRegistry} that rebuilds a plan from its request alone.
 *
 * <pre>{@code
 * LibvirtActions actions = new LibvirtActions(model, LibvirtSettings.builder().shutdownGrace(Duration.ofSeconds(30)).build());
 * Vm vm = engine.run(actions.create(host, CreateRequest.builder("web1").template("base.qcow2").build()));
 * }</pre>
 */
package org.iaasengine.libvirt.actions;
