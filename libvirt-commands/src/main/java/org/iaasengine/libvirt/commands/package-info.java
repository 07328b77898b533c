/**
 * The GSN command set on libvirt: one small class per command, each with its revert where it has
 * side effects.
 */
package org.iaasengine.libvirt.commands;
