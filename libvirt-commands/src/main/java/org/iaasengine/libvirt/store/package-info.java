/** The definition store: where the library keeps what it created, so that nothing is forgotten. */
package org.iaasengine.libvirt.store;
