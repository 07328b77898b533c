/**
 * The Atom envelope of PowerVM REST payloads: {@link org.iaasengine.powervm.xml.atom.AtomFeed feeds}
 * of {@link org.iaasengine.powervm.xml.atom.AtomEntry entries}, each with an etag (in the uom
 * namespace) and a content element holding one uom or web object.
 *
 * <pre>{@code
 * AtomEntry e = PowerVmXml.unmarshal(body, AtomEntry.class);
 * LogicalPartition lpar = e.content(LogicalPartition.class);
 * }</pre>
 */
@XmlSchema(namespace = Namespaces.ATOM, elementFormDefault = XmlNsForm.QUALIFIED,
        xmlns = {@XmlNs(prefix = "", namespaceURI = Namespaces.ATOM)})
package org.iaasengine.powervm.xml.atom;

import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
import org.iaasengine.powervm.xml.schema.Namespaces;
