/** Running external programs safely: argument arrays, watchdog timeouts, no shell. */
package org.iaasengine.libvirt.exec;
