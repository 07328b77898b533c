package org.iaasengine.powervm.spec;

/**
 * An LPAR by UUID and name: what {@link CreateLpar} returns and later steps map to.
 *
 * <pre>{@code
 * Input<String> uuid = Input.from(LPAR, LparRef::uuid);
 * }</pre>
 *
 * @param uuid the partition UUID
 * @param name the partition name
 */
public record LparRef(String uuid, String name) {
}
