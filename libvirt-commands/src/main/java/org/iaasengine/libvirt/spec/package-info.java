/**
 * What the libvirt actions are asked to do, as data, and the rules values must follow: one request
 * record per action ({@link org.iaasengine.libvirt.spec.CreateRequest}, {@link org.iaasengine.libvirt.spec.StartRequest},
 * ... {@link org.iaasengine.libvirt.spec.InitModelRequest}; each an
 * {@link org.iaasengine.request.ActionRequest} that names hosts by model name), the checked
 * {@link org.iaasengine.libvirt.spec.VmSpec} of a new VM, and the small values commands and requests
 * share ({@link org.iaasengine.libvirt.spec.Lifecycle}, {@link org.iaasengine.libvirt.spec.CopyMode},
 * {@link org.iaasengine.libvirt.spec.RebootMode}, {@link org.iaasengine.libvirt.spec.DiskImage},
 * {@link org.iaasengine.libvirt.spec.ShutdownOutcome}). Depends on nothing else in the module.
 *
 * <pre>{@code
 * CreateRequest req = CreateRequest.builder("web1").template("base.qcow2").memoryMiB(512).build();
 * VmSpec.checkName("web1");
 * }</pre>
 */
package org.iaasengine.libvirt.spec;
