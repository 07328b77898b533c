package org.iaasengine.powervm.xml.web;

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
 * The {@code File} of the web namespace: the metadata of bytes carried to a VIOS through the REST
 * File API ({@code PUT /rest/api/web/File}, then the bytes with {@code PUT
 * /rest/api/web/File/contents/<FileUUID>}, then {@code DELETE /rest/api/web/File/<FileUUID>}), as
 * pypowervm's {@code vios_file.File} writes it: the name, the media type of the bytes
 * ({@code application/octet-stream}), the SHA-256 and expected size the server checks, the file's
 * kind ({@link #DISK_IMAGE} into a virtual disk or logical unit named by
 * {@code TargetDeviceUniqueDeviceID}, {@link #MEDIA_ISO} into the VIOS's media repository) and the
 * target VIOS. The server adds {@code FileUUID}, {@code DateModified} and
 * {@code CurrentFileSizeInBytes}.
 *
 * <pre>{@code
 * WebFile f = WebFile.of("i_rhel9", WebFile.DISK_IMAGE, viosUuid, sha256, size, diskUdid);
 * Entry<WebFile> made = client.createFile(f);
 * }</pre>
 */
@XmlRootElement(name = "File")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "filename", "dateModified", "internetMediaType", "fileUuid", "sha256",
        "expectedFileSizeInBytes", "currentFileSizeInBytes", "fileEnumType", "targetViosUuid",
        "targetDeviceUdid", "other"})
public class WebFile {
    /** The media type of the bytes of every file the library sends. */
    public static final String OCTET_STREAM = "application/octet-stream";
    /** A disk image written into a virtual disk or logical unit ({@code TargetDeviceUniqueDeviceID}). */
    public static final String DISK_IMAGE = "BROKERED_DISK_IMAGE";
    /** An ISO put in the VIOS's virtual media repository as optical media named after the file. */
    public static final String MEDIA_ISO = "BROKERED_MEDIA_ISO";

    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public WebMetadata metadata = new WebMetadata();
    @XmlElement(name = "Filename")
    public String filename;
    @XmlElement(name = "DateModified")
    public Long dateModified;
    @XmlElement(name = "InternetMediaType")
    public String internetMediaType;
    @XmlElement(name = "FileUUID")
    public String fileUuid;
    @XmlElement(name = "SHA256")
    public String sha256;
    @XmlElement(name = "ExpectedFileSizeInBytes")
    public Long expectedFileSizeInBytes;
    @XmlElement(name = "CurrentFileSizeInBytes")
    public Long currentFileSizeInBytes;
    @XmlElement(name = "FileEnumType")
    public String fileEnumType;
    @XmlElement(name = "TargetVirtualIOServerUUID")
    public String targetViosUuid;
    @XmlElement(name = "TargetDeviceUniqueDeviceID")
    public String targetDeviceUdid;
    /** Elements this class does not map (AssetFile...), kept. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** A File to create: {@code targetUdid} is null for a {@link #MEDIA_ISO}. */
    public static WebFile of(String name, String enumType, String viosUuid, String sha256, long size,
            String targetUdid) {
        WebFile f = new WebFile();
        f.filename = name;
        f.internetMediaType = OCTET_STREAM;
        f.sha256 = sha256;
        f.expectedFileSizeInBytes = size;
        f.fileEnumType = enumType;
        f.targetViosUuid = viosUuid;
        f.targetDeviceUdid = targetUdid;
        return f;
    }
}
