package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * A virtual optical medium of a VIOS media repository (an ISO, such as a configuration drive), as
 * the storage of a vSCSI mapping: its name, unique id, mount type ({@code r} or {@code rw}) and
 * size in GB. The library does not make media; it reads and keeps the mappings of media other
 * tools made.
 *
 * <pre>{@code
 * String media = mapping.storage.virtualOpticalMedia.mediaName;
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "mediaName", "mediaUdid", "mountType", "size", "other"})
public class VirtualOpticalMedia {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "MediaName")
    public String mediaName;
    @XmlElement(name = "MediaUDID")
    public String mediaUdid;
    @XmlElement(name = "MountType")
    public String mountType;
    @XmlElement(name = "Size")
    public Double size;
    /** Elements this class does not map, written back unchanged and in place. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** A reference to the medium {@code name}, mounted read-only (enough for a mapping). */
    public static VirtualOpticalMedia ref(String name) {
        VirtualOpticalMedia m = new VirtualOpticalMedia();
        m.mediaName = name;
        m.mountType = "r";
        return m;
    }
}
