package org.iaasengine.powervm.spec;

import org.iaasengine.core.InvalidInputException;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.coldMigrate} action: move the LPAR {@code name}, powered off,
 * from host {@code host} to host {@code target}, with the shape given (nova's resize to a flavor;
 * the same shape for a plain cold migration). The source LPAR stays, renamed
 * {@link #sourceName}, until {@link ConfirmMigrationRequest confirm} deletes it or
 * {@link RevertMigrationRequest revert} brings it back. Checked on construction.
 *
 * <pre>{@code
 * engine.run(ColdMigrateAction.plan(hostA, sspA, hostB, sspB,
 *         new ColdMigrateRequest("sim-a", "web1", "sim-b", 4096, 1.0, 2)));
 * }</pre>
 *
 * @param host      the source host's model name
 * @param name      the LPAR name (at most 27 characters: the source is renamed with a suffix)
 * @param target    the target host's model name
 * @param memoryMb  the target LPAR's memory in MB
 * @param procUnits its processing units
 * @param vcpus     its virtual processors
 */
public record ColdMigrateRequest(String host, String name, String target, long memoryMb, double procUnits,
        int vcpus) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.coldMigrate";

    public ColdMigrateRequest {
        Validate.hostName(host);
        Validate.hostName(target);
        InvalidInputException.check(!host.equals(target), "cold migration of LPAR %s needs another host than %s",
                name, host);
        Validate.lparName(name);
        Validate.lparName(sourceName(name));
        LparSpec.of(name, memoryMb, procUnits, vcpus);
    }

    /** The name the source LPAR has while a migration of {@code name} waits for confirm or revert. */
    public static String sourceName(String name) {
        return name + "-src";
    }

    /** The name the target LPAR has for a moment while a migration of {@code name} is reverted. */
    public static String revertingName(String name) {
        return name + "-tgt";
    }

    /** The target LPAR's shape. */
    public LparSpec spec() {
        return LparSpec.of(name, memoryMb, procUnits, vcpus);
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(name);
    }
}
