package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * One event of the long-poll event feed ({@code GET /rest/api/uom/Event}): a type such as
 * {@code ADD_URI}, {@code MODIFY_URI}, {@code DELETE_URI}, {@code NEW_CLIENT}, and the URI of the
 * object concerned in {@code EventData}.
 *
 * <pre>{@code
 * for (PowerVmEvent e : client.pollEvents()) { if ("DELETE_URI".equals(e.type())) ... }
 * }</pre>
 */
@XmlRootElement(name = "Event")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "eventType", "eventId", "eventData", "eventDetail"})
public class Event {
    @XmlAttribute
    public String schemaVersion = "V1_1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "EventType")
    public String eventType;
    @XmlElement(name = "EventID")
    public String eventId;
    @XmlElement(name = "EventData")
    public String eventData;
    @XmlElement(name = "EventDetail")
    public String eventDetail;
}
