package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * {@code <Metadata><Atom><AtomID/><AtomCreated/></Atom></Metadata>}: every uom object has one; the
 * server fills the atom id (the UUID) and creation time.
 *
 * <pre>{@code
 * String uuid = lpar.metadata.atom.atomId;
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"atom", "other"})
public class Metadata {
    @XmlElement(name = "Atom")
    public Atom atom = new Atom();
    /** Elements this class does not map, written back unchanged and in place. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** {@code <Atom>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"atomId", "atomCreated", "other"})
    public static class Atom {
        @XmlElement(name = "AtomID")
        public String atomId;
        @XmlElement(name = "AtomCreated")
        public Long atomCreated;
        /** Elements this class does not map, written back unchanged and in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }

    /** Metadata with an atom id and creation time (for server-side objects). */
    public static Metadata of(String atomId, long created) {
        Metadata m = new Metadata();
        m.atom.atomId = atomId;
        m.atom.atomCreated = created;
        return m;
    }
}
