package org.iaasengine.libvirt.xml;

/**
 * An element whose presence is the value, such as {@code <acpi/>} or {@code <readonly/>}; any
 * attributes or children libvirt puts in it are kept.
 */
final class Flag extends Extensible {
}
