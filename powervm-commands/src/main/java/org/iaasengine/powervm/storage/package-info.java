/**
 * Storage after nova-powervm: two disk drivers behind {@link org.iaasengine.powervm.storage.DiskDriver}
 * — {@link org.iaasengine.powervm.storage.LocalDiskDriver} (a VIOS volume group, images cached on
 * it as {@code i_<image>} disks and copied per VM) and {@link org.iaasengine.powervm.storage.SspDiskDriver}
 * (a shared storage pool, images cached as {@code image_<image>} units and cloned per VM; the disks
 * every host of the cluster sees, which live migration needs) — and two Fibre Channel volume
 * connectors behind {@link org.iaasengine.powervm.storage.VolumeConnector}: vSCSI (the VIOS maps
 * the LUN it sees) and NPIV (the LPAR gets its own virtual FC adapter and WWPNs).
 *
 * <pre>{@code
 * DiskDriver disks = new LocalDiskDriver(client, viosUuid, vgUuid);
 * VolumeConnector npiv = new NpivVolumeConnector(client, viosUuid, "fcs0");
 * }</pre>
 */
package org.iaasengine.powervm.storage;
