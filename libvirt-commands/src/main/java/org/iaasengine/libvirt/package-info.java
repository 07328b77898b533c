/**
 * libvirt support: hosts, lifecycles and state mapping; the driver port and its two drivers, the
 * domain XML, the GSN command and action set, and model sync live in the subpackages.
 */
package org.iaasengine.libvirt;
