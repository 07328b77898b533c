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
 * A VIOS's virtual media repository (the {@code VMLibrary} of a volume group): its optical media
 * (ISOs uploaded through the File API, such as configuration drives), name and size in GB. Media
 * are removed by a read-modify-write of the volume group that drops them from
 * {@link #opticalMedia}.
 *
 * <pre>{@code
 * vg.mediaRepositories.repositories.get(0).opticalMedia.media.removeIf(m -> m.mediaName.equals("cfg_web1"));
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "opticalMedia", "repositoryName", "repositorySize", "other"})
public class VirtualMediaRepository {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "OpticalMedia")
    public OpticalMedia opticalMedia = new OpticalMedia();
    @XmlElement(name = "RepositoryName")
    public String repositoryName;
    @XmlElement(name = "RepositorySize")
    public Double repositorySize;
    /** Elements this class does not map, written back unchanged. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** {@code <OpticalMedia>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "RepositoryOpticalMedia", propOrder = {"metadata", "media", "other"})
    public static class OpticalMedia {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "VirtualOpticalMedia")
        public List<VirtualOpticalMedia> media = new ArrayList<>();
        /** Elements this class does not map, written back unchanged. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <MediaRepositories>} of a volume group. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "repositories", "other"})
    public static class MediaRepositories {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "VirtualMediaRepository")
        public List<VirtualMediaRepository> repositories = new ArrayList<>();
        /** Elements this class does not map, written back unchanged. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }
}
