package org.iaasengine.powervm.simulator;

import com.google.common.hash.Hashing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.uom.LogicalUnit;
import org.iaasengine.powervm.xml.uom.VirtualDisk;
import org.iaasengine.powervm.xml.web.WebFile;

/**
 * The REST File API ({@code /rest/api/web/File}), as strict as an HMC: a File is created with a
 * name, {@code InternetMediaType}, {@code ExpectedFileSizeInBytes}, a known {@code FileEnumType}
 * and an existing target VIOS ({@code BROKERED_DISK_IMAGE} also names an existing virtual disk of
 * that VIOS or logical unit, by {@code TargetDeviceUniqueDeviceID}, big enough for the bytes); its
 * contents are sent once with {@code PUT File/contents/<FileUUID>} and the File's media type
 * (else 415), exactly the expected number of bytes (else 400) whose SHA-256 is the File's (else
 * 400): only then are they written, into the target disk or, for {@code BROKERED_MEDIA_ISO}, as an
 * optical medium named after the file in the VIOS's media repository. {@code GET
 * File/contents/<FileUUID>} serves the bytes of a File's target disk (a download). A File stays
 * until it is deleted ({@code DELETE File/<FileUUID>}): the client must remove it after use.
 *
 * <pre>{@code
 * SimResponse r = files.handle("PUT", new String[] {"File"}, body, contentType, accept);
 * }</pre>
 */
final class WebFiles {
    private static final String TYPE = "File";

    private final SimState state;
    private final AtomAnswers answers;
    private final Vioses vioses;
    private final VolumeGroups volumeGroups;
    private final StoragePools pools;
    private final DiskContents contents;
    private final Map<String, WebFile> files = new LinkedHashMap<>();
    /** The optical media of each VIOS that a File upload made, name → bytes. */
    private final MediaSink media;

    /** Where the bytes of a {@code BROKERED_MEDIA_ISO} go. */
    interface MediaSink {
        void put(String vios, String name, byte[] bytes);
    }

    WebFiles(SimState state, AtomAnswers answers, Vioses vioses, VolumeGroups volumeGroups, StoragePools pools,
            DiskContents contents, MediaSink media) {
        this.state = state;
        this.answers = answers;
        this.vioses = vioses;
        this.volumeGroups = volumeGroups;
        this.pools = pools;
        this.contents = contents;
        this.media = media;
    }

    /** The names of the Files held now, in creation order. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        files.values().forEach(f -> out.add(f.filename));
        return out;
    }

    /** {@code web/File[/...]}: {@code s} are the path's segments below {@code web/}. */
    SimResponse handle(String method, String[] s, byte[] body, String contentType, String accept) {
        if (s.length == 1) {
            return switch (method) {
                case "PUT" -> create(PowerVmXml.unmarshal(body, WebFile.class));
                case "GET" -> answers.feed(state.webHref(TYPE), files.entrySet().stream()
                        .map(e -> answers.webFeedEntry(TYPE, e.getKey(), state.webHref(TYPE, e.getKey()),
                                e.getValue())).toList());
                default -> throw new SimError(405, "Method Not Allowed", method + " on web/File");
            };
        }
        if (s.length == 3 && s[1].equals("contents")) {
            WebFile f = SimError.found(files.get(s[2]), TYPE, s[2]);
            return switch (method) {
                case "PUT" -> upload(f, body, contentType);
                case "GET" -> download(f, accept);
                default -> throw new SimError(405, "Method Not Allowed", method + " on File contents");
            };
        }
        if (s.length == 2) {
            WebFile f = SimError.found(files.get(s[1]), TYPE, s[1]);
            return switch (method) {
                case "GET" -> answers.entry(TYPE, s[1], state.webHref(TYPE, s[1]), f, true);
                case "DELETE" -> {
                    files.remove(s[1]);
                    yield SimResponse.noContent();
                }
                default -> throw new SimError(405, "Method Not Allowed", method + " on a File");
            };
        }
        throw SimError.notFound("no resource web/" + String.join("/", s));
    }

    private SimResponse create(WebFile f) {
        if (f.filename == null || f.filename.isBlank()) {
            throw SimError.badRequest("File needs a Filename");
        }
        if (f.internetMediaType == null) {
            throw SimError.badRequest("File " + f.filename + " needs an InternetMediaType");
        }
        if (f.expectedFileSizeInBytes == null || f.expectedFileSizeInBytes <= 0) {
            throw SimError.badRequest("File " + f.filename + " needs a positive ExpectedFileSizeInBytes");
        }
        if (f.fileUuid != null || f.currentFileSizeInBytes != null) {
            throw SimError.badRequest("FileUUID and CurrentFileSizeInBytes are the server's to set");
        }
        if (f.targetViosUuid == null || vioses.get(f.targetViosUuid) == null) {
            throw SimError.badRequest("TargetVirtualIOServerUUID " + f.targetViosUuid + " names no VIOS");
        }
        if (WebFile.MEDIA_ISO.equals(f.fileEnumType) && vioses.hasMedia(f.targetViosUuid, f.filename)) {
            throw SimError.conflict("the media repository of VIOS " + f.targetViosUuid + " has a medium named "
                    + f.filename + " already");
        }
        if (WebFile.DISK_IMAGE.equals(f.fileEnumType)) {
            double capacityGb = targetCapacityGb(f);
            if (f.expectedFileSizeInBytes > capacityGb * (1L << 30)) {
                throw SimError.badRequest("File " + f.filename + " of " + f.expectedFileSizeInBytes
                        + " bytes does not fit its target device of " + capacityGb + " GB");
            }
        } else if (!WebFile.MEDIA_ISO.equals(f.fileEnumType)) {
            throw SimError.badRequest("FileEnumType '" + f.fileEnumType + "' is not supported");
        }
        String id = state.newUuid();
        f.fileUuid = id;
        f.dateModified = state.tick();
        f.currentFileSizeInBytes = 0L;
        files.put(id, f);
        state.track(id);
        return answers.entry(TYPE, id, state.webHref(TYPE, id), f, true);
    }

    private double targetCapacityGb(WebFile f) {
        VirtualDisk d = volumeGroups.diskByUdid(f.targetViosUuid, f.targetDeviceUdid);
        if (d != null) {
            return d.diskCapacity;
        }
        LogicalUnit u = pools.unitByUdid(f.targetDeviceUdid);
        if (u != null) {
            return u.unitCapacity;
        }
        throw SimError.badRequest("TargetDeviceUniqueDeviceID " + f.targetDeviceUdid + " names no disk of VIOS "
                + f.targetViosUuid + " and no logical unit");
    }

    private SimResponse upload(WebFile f, byte[] body, String contentType) {
        if (contentType == null || !contentType.equals(f.internetMediaType)) {
            throw new SimError(415, "Unsupported Media Type", "the contents of File " + f.filename + " are "
                    + f.internetMediaType + ", not " + contentType);
        }
        if (f.currentFileSizeInBytes != null && f.currentFileSizeInBytes > 0) {
            throw SimError.conflict("File " + f.filename + " was uploaded already");
        }
        if (body.length != f.expectedFileSizeInBytes) {
            throw SimError.badRequest("File " + f.filename + " expected " + f.expectedFileSizeInBytes
                    + " bytes but got " + body.length);
        }
        String sha = Hashing.sha256().hashBytes(body).toString();
        if (f.sha256 != null && !f.sha256.equalsIgnoreCase(sha)) {
            throw SimError.badRequest("File " + f.filename + " has SHA-256 " + sha + ", not " + f.sha256);
        }
        if (WebFile.DISK_IMAGE.equals(f.fileEnumType)) {
            targetCapacityGb(f); // the target may have gone meanwhile
            contents.write(f.targetDeviceUdid, body);
        } else {
            if (vioses.hasMedia(f.targetViosUuid, f.filename)) {
                throw SimError.conflict("the media repository has a medium named " + f.filename + " already");
            }
            media.put(f.targetViosUuid, f.filename, body);
        }
        f.currentFileSizeInBytes = (long) body.length;
        f.dateModified = state.tick();
        state.touch(f.fileUuid);
        return SimResponse.noContent();
    }

    private SimResponse download(WebFile f, String accept) {
        if (accept != null && !accept.equals("*/*") && !accept.equals(f.internetMediaType)) {
            throw new SimError(406, "Not Acceptable", "the contents of File " + f.filename + " are "
                    + f.internetMediaType + ", not " + accept);
        }
        if (!WebFile.DISK_IMAGE.equals(f.fileEnumType)) {
            throw SimError.badRequest("only the contents of a BROKERED_DISK_IMAGE File can be read");
        }
        targetCapacityGb(f);
        Optional<byte[]> bytes = contents.read(f.targetDeviceUdid);
        return new SimResponse(200, bytes.orElse(new byte[0]), null, f.internetMediaType);
    }
}
