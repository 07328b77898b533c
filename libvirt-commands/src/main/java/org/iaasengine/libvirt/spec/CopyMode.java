package org.iaasengine.libvirt.spec;

/** How Create copies its template to the VM's disk. */
public enum CopyMode {
    /** A qcow2 overlay whose backing file is the template: instant, shares the template's blocks. */
    LINKED,
    /** A full, independent copy. */
    FULL
}
