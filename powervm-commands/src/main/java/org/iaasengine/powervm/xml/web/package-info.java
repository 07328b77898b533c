/**
 * Objects of the PowerVM REST "web" namespace: logon, jobs and error responses.
 *
 * <pre>{@code
 * JobRequest req = PowerVmXml.unmarshal(template, AtomEntry.class).content(JobRequest.class);
 * req.parameter("operation", "osshutdown");
 * }</pre>
 */
@XmlSchema(namespace = Namespaces.WEB, elementFormDefault = XmlNsForm.QUALIFIED,
        xmlns = {@XmlNs(prefix = "web", namespaceURI = Namespaces.WEB)})
package org.iaasengine.powervm.xml.web;

import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
import org.iaasengine.powervm.xml.schema.Namespaces;
