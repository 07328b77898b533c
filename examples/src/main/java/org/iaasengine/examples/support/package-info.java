/**
 * What the examples share: reading a libvirt host into the resource model ({@link
 * org.iaasengine.examples.support.HostReader}), and printing the model and engine events for
 * people ({@link org.iaasengine.examples.support.ModelTable}, {@link
 * org.iaasengine.examples.support.EventPrinter}).
 */
package org.iaasengine.examples.support;
