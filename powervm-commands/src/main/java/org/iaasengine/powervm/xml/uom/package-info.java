/**
 * Objects of the PowerVM REST "uom" namespace, mapped with JAXB after the recorded HMC payloads:
 * managed systems, logical partitions, Virtual I/O Servers with their vSCSI and virtual Fibre
 * Channel mappings, volume groups, shared storage pools, client network adapters and events. Only
 * the elements the commands need are mapped; objects that are read, modified and written back
 * ({@link org.iaasengine.powervm.xml.uom.VirtualIOServer}, {@link org.iaasengine.powervm.xml.uom.VolumeGroup},
 * {@link org.iaasengine.powervm.xml.uom.SharedStoragePool}) keep the elements they do not map and
 * write them back.
 *
 * <pre>{@code
 * LogicalPartition lpar = LogicalPartition.create("web1", 2048, 0.5, 1);
 * String xml = PowerVmXml.marshal(lpar);
 * }</pre>
 */
@XmlSchema(namespace = Namespaces.UOM, elementFormDefault = XmlNsForm.QUALIFIED,
        xmlns = {@XmlNs(prefix = "uom", namespaceURI = Namespaces.UOM)})
package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
import org.iaasengine.powervm.xml.schema.Namespaces;
