package org.iaasengine.powervm.xml.web;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * The answer to a logon: the session token to send as {@code X-API-Session}. Its
 * {@link #toString()} never shows the token.
 *
 * <pre>{@code
 * String token = PowerVmXml.unmarshal(body, LogonResponse.class).session;
 * }</pre>
 */
@XmlRootElement(name = "LogonResponse")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "session"})
public class LogonResponse {
    @XmlAttribute
    public String schemaVersion = "V1_1_0";
    @XmlElement(name = "Metadata")
    public WebMetadata metadata = new WebMetadata();
    @XmlElement(name = "X-API-Session")
    public String session;

    @Override
    public String toString() {
        return "LogonResponse[session=****]";
    }
}
