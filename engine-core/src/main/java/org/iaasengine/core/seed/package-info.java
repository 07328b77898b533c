/**
 * Guest seeds the hypervisor modules share: {@link org.iaasengine.core.seed.NoCloudSeed}, the
 * cloud-init NoCloud seed ISO (libvirt's metadata drive, PowerVM's config drive).
 */
package org.iaasengine.core.seed;
