package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * A Virtual I/O Server: a partition that serves storage and network to client LPARs. Holds the
 * physical volumes it sees and its vSCSI and virtual Fibre Channel (NPIV) mappings; the mappings
 * are changed by a read-modify-write of this object with If-Match. Every element the model does not
 * map is kept, at every depth, and written back where the server had it (see
 * {@link org.iaasengine.powervm.xml.PowerVmXml}).
 *
 * <pre>{@code
 * client.modify(viosPath, VirtualIOServer.class, vios -> vios.scsiMappings.mappings.add(mapping));
 * }</pre>
 */
@XmlRootElement(name = "VirtualIOServer")
@XmlAccessorType(XmlAccessType.FIELD)
public class VirtualIOServer extends BasePartition {
    @XmlElement(name = "PhysicalVolumes")
    public PhysicalVolumes physicalVolumes = new PhysicalVolumes();
    @XmlElement(name = "VirtualFibreChannelMappings")
    public FcMappings fcMappings = new FcMappings();
    @XmlElement(name = "VirtualSCSIMappings")
    public ScsiMappings scsiMappings = new ScsiMappings();
    /** Elements this class does not map, written back unchanged. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** {@code <PhysicalVolumes>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "ViosPhysicalVolumes", propOrder = {"metadata", "volumes", "other"})
    public static class PhysicalVolumes {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "PhysicalVolume")
        public List<PhysicalVolume> volumes = new ArrayList<>();
        /** Elements this class does not map, written back unchanged and in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <VirtualSCSIMappings group="ViosSCSIMapping">}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "mappings", "other"})
    public static class ScsiMappings {
        @XmlAttribute
        public String group = "ViosSCSIMapping";
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "VirtualSCSIMapping")
        public List<VirtualScsiMapping> mappings = new ArrayList<>();
        /** Elements this class does not map, written back unchanged and in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <VirtualFibreChannelMappings group="ViosFCMapping">}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "mappings", "other"})
    public static class FcMappings {
        @XmlAttribute
        public String group = "ViosFCMapping";
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "VirtualFibreChannelMapping")
        public List<VirtualFibreChannelMapping> mappings = new ArrayList<>();
        /** Elements this class does not map, written back unchanged and in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }
}
