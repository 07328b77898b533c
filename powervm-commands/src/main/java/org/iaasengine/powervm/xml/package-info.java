/**
 * JAXB mapping of PowerVM REST payloads: {@link org.iaasengine.powervm.xml.PowerVmXml} marshals
 * and unmarshals (securely: no DTDs, no external entities) through a DOM, so that an object read and
 * written back keeps, at every depth, the elements and attributes the model does not map, in the
 * order the server sent them; the subpackages hold the Atom envelope, the uom objects and the web
 * objects, and {@code schema} the namespaces and media types they share.
 *
 * <pre>{@code
 * AtomEntry e = PowerVmXml.unmarshal(body, AtomEntry.class);
 * byte[] xml = PowerVmXml.marshal(LogicalPartition.create("web1", 2048, 0.5, 1));
 * }</pre>
 */
package org.iaasengine.powervm.xml;
