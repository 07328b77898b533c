package org.iaasengine.powervm.spec;

import org.iaasengine.core.seed.NoCloudSeed;

/**
 * A VM's configuration drive, as nova-powervm makes one: a cloud-init NoCloud seed (meta-data with
 * the LPAR's UUID as instance-id and the VM's name as hostname, this user-data, a network-config of
 * DHCP on the first ethernet) as an ISO, uploaded as virtual optical media {@code cfg_<vm>} into the
 * VIOS's media repository and mapped to the LPAR through vSCSI before it powers on; Destroy removes
 * the mapping and the media. Checked on construction.
 *
 * <pre>{@code
 * SpawnRequest req = spawn.withConfigDrive(new ConfigDrive("#cloud-config\npackages: [nginx]\n"));
 * }</pre>
 *
 * @param userData the user-data (valid text, at most {@link NoCloudSeed#MAX_USER_DATA} bytes)
 */
public record ConfigDrive(String userData) {
    /** The most characters of a VM's name in its media name ({@code cfg_} and these: 37 in all). */
    private static final int NAME_CHARS = 33;

    public ConfigDrive {
        NoCloudSeed.checkUserData(userData);
    }

    /** The name of the optical media of {@code vmName}'s configuration drive: {@code cfg_<vm>}. */
    public static String mediaName(String vmName) {
        Validate.lparName(vmName);
        String n = vmName.replaceAll("[^A-Za-z0-9_.-]", "_");
        return "cfg_" + n.substring(0, Math.min(NAME_CHARS, n.length()));
    }
}
