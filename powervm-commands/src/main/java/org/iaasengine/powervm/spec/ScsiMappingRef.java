package org.iaasengine.powervm.spec;

/**
 * A vSCSI mapping of a disk to an LPAR on a VIOS.
 *
 * <pre>{@code
 * ScsiMappingRef m = results.get(MAPPING);
 * }</pre>
 *
 * @param viosUuid the VIOS
 * @param lparUuid the client LPAR
 * @param disk     the disk served
 */
public record ScsiMappingRef(String viosUuid, String lparUuid, DiskRef disk) {
}
