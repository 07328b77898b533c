package org.iaasengine.powervm.rest;

import org.iaasengine.powervm.spec.Validate;

/**
 * The REST paths (below {@code /rest/api/uom/}) the commands use. Every id passed in has been
 * checked by {@link Validate#uuid}, so no path can be steered by an input.
 *
 * <pre>{@code
 * client.get(Paths.lpar(uuid), LogicalPartition.class);
 * }</pre>
 */
public final class Paths {
    private Paths() {
    }

    public static String systems() {
        return "ManagedSystem";
    }

    public static String system(String ms) {
        return "ManagedSystem/" + Validate.uuid(ms, "managed system UUID");
    }

    public static String lpars(String ms) {
        return system(ms) + "/LogicalPartition";
    }

    public static String lpar(String uuid) {
        return "LogicalPartition/" + Validate.uuid(uuid, "LPAR UUID");
    }

    public static String vioses(String ms) {
        return system(ms) + "/VirtualIOServer";
    }

    public static String vios(String uuid) {
        return "VirtualIOServer/" + Validate.uuid(uuid, "VIOS UUID");
    }

    public static String volumeGroups(String vios) {
        return vios(vios) + "/VolumeGroup";
    }

    public static String volumeGroup(String vios, String vg) {
        return vios(vios) + "/VolumeGroup/" + Validate.uuid(vg, "volume group UUID");
    }

    public static String ssp(String uuid) {
        return "SharedStoragePool/" + Validate.uuid(uuid, "shared storage pool UUID");
    }

    public static String adapters(String lpar) {
        return lpar(lpar) + "/ClientNetworkAdapter";
    }

    /** The absolute URI of the LPAR, as mappings reference it ({@code AssociatedLogicalPartition}). */
    public static String lparHref(org.iaasengine.powervm.rest.PowerVmClient client, String uuid) {
        return client.config().baseUri().toString().replaceAll("/+$", "") + "/rest/api/uom/" + lpar(uuid);
    }

    public static String adapter(String lpar, String cna) {
        return adapters(lpar) + "/" + Validate.uuid(cna, "adapter UUID");
    }
}
