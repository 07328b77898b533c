package org.iaasengine.powervm.commands;

import java.util.Optional;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Entry;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.xml.uom.VirtualMediaRepository;
import org.iaasengine.powervm.xml.uom.VirtualOpticalMedia;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual media repository of a VIOS, as pypowervm's {@code tasks/vopt} finds it: the volume
 * group of the VIOS that holds a {@code VirtualMediaRepository}. The library does not create a
 * repository (a VIOS without one is refused: INVALID_INPUT).
 *
 * <pre>{@code
 * String vg = MediaRepository.groupOf(client, viosUuid);
 * Optional<VirtualOpticalMedia> m = MediaRepository.media(client, viosUuid, vg, "cfg_web1");
 * }</pre>
 */
final class MediaRepository {
    private static final Logger LOG = LoggerFactory.getLogger(MediaRepository.class);

    private MediaRepository() {
    }

    /** The UUID of the volume group of {@code vios} that holds its media repository. */
    static String groupOf(PowerVmClient client, String vios) {
        for (Entry<VolumeGroup> e : client.feed(Paths.volumeGroups(vios), VolumeGroup.class)) {
            VolumeGroup vg = e.value();
            if (vg.mediaRepositories != null && !vg.mediaRepositories.repositories.isEmpty()) {
                return e.uuid();
            }
        }
        throw new CommandException(FailureCategory.INVALID_INPUT, "VIOS " + vios
                + " has no virtual media repository (create one, e.g. mkrep, in a volume group)");
    }

    /** The medium {@code name} of the repository in volume group {@code vg} of {@code vios}, if there is one. */
    static Optional<VirtualOpticalMedia> media(PowerVmClient client, String vios, String vg, String name) {
        VolumeGroup g = client.get(Paths.volumeGroup(vios, vg), VolumeGroup.class).value();
        return g.mediaRepositories == null ? Optional.empty() : g.mediaRepositories.repositories.stream()
                .flatMap(r -> r.opticalMedia.media.stream()).filter(m -> name.equals(m.mediaName)).findFirst();
    }

    /** Removes the medium {@code name} from the repository (a read-modify-write); false when it was not there. */
    static boolean remove(PowerVmClient client, String vios, String vg, String name) {
        boolean[] removed = new boolean[1];
        client.modify(Paths.volumeGroup(vios, vg), VolumeGroup.class, g -> {
            removed[0] = false;
            if (g.mediaRepositories != null) {
                for (VirtualMediaRepository r : g.mediaRepositories.repositories) {
                    removed[0] |= r.opticalMedia.media.removeIf(m -> name.equals(m.mediaName));
                }
            }
            return removed[0];
        });
        LOG.info("optical media {} on VIOS {} {}", name, vios, removed[0] ? "removed" : "was already gone");
        return removed[0];
    }
}
