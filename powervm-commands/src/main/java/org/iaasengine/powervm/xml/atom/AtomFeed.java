package org.iaasengine.powervm.xml.atom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;

/**
 * An Atom {@code <feed>} of entries (a list of LPARs, VIOSes, events...).
 *
 * <pre>{@code
 * AtomFeed feed = PowerVmXml.unmarshal(body, AtomFeed.class);
 * for (AtomEntry e : feed.entries) { ... }
 * }</pre>
 */
@XmlRootElement(name = "feed")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"id", "updated", "links", "generator", "entries"})
public class AtomFeed {
    public String id;
    public String updated;
    @XmlElement(name = "link")
    public List<AtomLink> links = new ArrayList<>();
    public String generator;
    @XmlElement(name = "entry")
    public List<AtomEntry> entries = new ArrayList<>();
}
