package org.iaasengine.powervm.xml.web;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * The body of {@code PUT /rest/api/web/Logon}. Its {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * LogonRequest req = new LogonRequest("hscroot", password);
 * }</pre>
 */
@XmlRootElement(name = "LogonRequest")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "userId", "password"})
public class LogonRequest {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public WebMetadata metadata = new WebMetadata();
    @XmlElement(name = "UserID")
    public String userId;
    @XmlElement(name = "Password")
    public String password;

    public LogonRequest() {
    }

    public LogonRequest(String userId, String password) {
        this.userId = userId;
        this.password = password;
    }

    @Override
    public String toString() {
        return "LogonRequest[user=" + userId + ", password=****]";
    }
}
