package org.iaasengine.powervm.xml.web;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * The structured body of an HTTP error: status, the request URI, a reason code and a message. The
 * client classifies errors from {@link #httpStatus} and {@link #requestUri}, never from
 * {@link #message} (see {@code ErrorClassifier}). Request headers echoed by the server are not
 * mapped, so a session token never reaches a log through this type.
 *
 * <pre>{@code
 * HttpErrorResponse err = entry.content(HttpErrorResponse.class);
 * }</pre>
 */
@XmlRootElement(name = "HttpErrorResponse")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "httpStatus", "requestUri", "reasonCode", "message"})
public class HttpErrorResponse {
    @XmlAttribute
    public String schemaVersion = "V1_2_0";
    @XmlElement(name = "Metadata")
    public WebMetadata metadata = new WebMetadata();
    @XmlElement(name = "HTTPStatus")
    public Integer httpStatus;
    @XmlElement(name = "RequestURI")
    public String requestUri;
    @XmlElement(name = "ReasonCode")
    public String reasonCode;
    @XmlElement(name = "Message")
    public String message;
}
