/** The GSN action set on libvirt, built as engine actions by {@link org.iaasengine.libvirt.actions.LibvirtActions}. */
package org.iaasengine.libvirt.actions;
