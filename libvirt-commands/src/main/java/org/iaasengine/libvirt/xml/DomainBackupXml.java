package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A push-mode backup job's XML ({@code <domainbackup mode='push'>}, libvirt's
 * {@code formatbackup}), for {@code LibvirtDriver.backupBegin}: which disk goes to which file in
 * which format. Built through JAXB, checked and escaped like every other XML of this package.
 *
 * <pre>{@code
 * String xml = DomainBackupXml.push("vda", "/var/lib/iaas-engine/images/web1-monday.qcow2.point", "qcow2").toXml();
 * driver.backupBegin("web1", xml);
 * }</pre>
 */
@XmlRootElement(name = "domainbackup")
@XmlAccessorType(XmlAccessType.FIELD)
public final class DomainBackupXml {
    @XmlAttribute
    private String mode;

    @XmlElementWrapper(name = "disks")
    @XmlElement(name = "disk")
    private List<BackupDisk> disks = new ArrayList<>();

    DomainBackupXml() {
    }

    /**
     * A push backup of one disk, the guest's {@code targetDev}, to {@code file} in {@code format}.
     *
     * @throws org.iaasengine.core.InvalidInputException naming a bad target, path or format
     */
    public static DomainBackupXml push(String targetDev, String file, String format) {
        DomainBackupXml b = new DomainBackupXml();
        b.mode = "push";
        BackupDisk d = new BackupDisk();
        d.name = Checks.targetDev(targetDev);
        d.type = "file";
        d.target = new Target();
        d.target.file = Checks.absolutePath("backup target", file);
        d.driver = new Driver();
        d.driver.type = Checks.diskFormat(format);
        b.disks.add(d);
        return b;
    }

    /** The XML document, every value escaped by JAXB. */
    public String toXml() {
        try {
            Marshaller m = Context.INSTANCE.createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
            m.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, Boolean.TRUE);
            m.setEventHandler(event -> false);
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            m.marshal(this, out);
            return out.toString(StandardCharsets.UTF_8).strip() + "\n";
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot write backup XML: " + e, e);
        }
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class BackupDisk {
        @XmlAttribute
        String name;
        @XmlAttribute
        String type;
        @XmlElement
        Target target;
        @XmlElement
        Driver driver;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class Target {
        @XmlAttribute
        String file;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class Driver {
        @XmlAttribute
        String type;
    }

    /** One JAXB context, built on first use (JAXBContext is thread-safe). */
    private static final class Context {
        static final JAXBContext INSTANCE = create();

        private static JAXBContext create() {
            try {
                return JAXBContext.newInstance(DomainBackupXml.class);
            } catch (JAXBException e) {
                throw new IllegalStateException("cannot build the backup XML context: " + e, e);
            }
        }
    }
}
