/**
 * The XML namespaces and media types of the PowerVM REST API, which the payload packages
 * ({@code atom}, {@code uom}, {@code web}) and the client share; depends on nothing.
 *
 * <pre>{@code
 * @XmlRootElement(name = "LogicalPartition", namespace = Namespaces.UOM)
 * }</pre>
 */
package org.iaasengine.powervm.xml.schema;
