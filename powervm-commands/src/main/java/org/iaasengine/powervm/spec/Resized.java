package org.iaasengine.powervm.spec;

/**
 * What a resize changed: the LPAR's shape before and after.
 *
 * <pre>{@code
 * Resized r = engine.run(ResizeAction.plan(host, req));
 * long added = r.after().memoryMb() - r.before().memoryMb();
 * }</pre>
 *
 * @param lparUuid the LPAR
 * @param running  whether it was resized while running (dynamically)
 * @param before   its shape before
 * @param after    its shape after
 */
public record Resized(String lparUuid, boolean running, LparShape before, LparShape after) {
}
