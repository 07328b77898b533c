package org.iaasengine.powervm.spec;

/**
 * The shape of a new shared-processor LPAR, checked on construction.
 *
 * <pre>{@code
 * LparSpec spec = LparSpec.of("web1", 2048, 0.5, 1);
 * }</pre>
 *
 * @param name      partition name (1-31 characters)
 * @param memoryMb  memory in MB (at least 256)
 * @param procUnits processing units (0.05 to 1 per virtual processor)
 * @param vcpus     virtual processors (1-256)
 */
public record LparSpec(String name, long memoryMb, double procUnits, int vcpus) {
    public LparSpec {
        Validate.lparName(name);
        Validate.memoryMb(memoryMb);
        Validate.vcpus(vcpus);
        Validate.procUnits(procUnits, vcpus);
    }

    public static LparSpec of(String name, long memoryMb, double procUnits, int vcpus) {
        return new LparSpec(name, memoryMb, procUnits, vcpus);
    }
}
