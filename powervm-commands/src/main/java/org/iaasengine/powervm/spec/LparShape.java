package org.iaasengine.powervm.spec;

import org.iaasengine.core.InvalidInputException;
import org.iaasengine.powervm.xml.uom.BasePartition;

/**
 * The memory and shared-processor configuration of an LPAR: desired values and the range
 * (minimum, maximum) a running LPAR may be resized within (DLPAR). Checked on construction
 * (minimum &le; desired &le; maximum for each, the desired values as {@link Validate} takes them).
 *
 * <pre>{@code
 * LparShape s = LparShape.of(4096, 1.0, 2).withRange(2048, 8192, 0.5, 2.0, 1, 4);
 * }</pre>
 *
 * @param memoryMb     desired memory in MB
 * @param procUnits    desired processing units
 * @param vcpus        desired virtual processors
 * @param minMemoryMb  minimum memory
 * @param maxMemoryMb  maximum memory
 * @param minProcUnits minimum processing units
 * @param maxProcUnits maximum processing units
 * @param minVcpus     minimum virtual processors
 * @param maxVcpus     maximum virtual processors
 */
public record LparShape(long memoryMb, double procUnits, int vcpus, long minMemoryMb, long maxMemoryMb,
        double minProcUnits, double maxProcUnits, int minVcpus, int maxVcpus) {

    public LparShape {
        Validate.memoryMb(memoryMb);
        Validate.vcpus(vcpus);
        Validate.procUnits(procUnits, vcpus);
        InvalidInputException.check(minMemoryMb > 0 && minMemoryMb <= memoryMb && memoryMb <= maxMemoryMb,
                "memory %s MB must lie within its minimum %s MB and maximum %s MB", memoryMb, minMemoryMb,
                maxMemoryMb);
        InvalidInputException.check(minProcUnits > 0 && minProcUnits <= procUnits + 1e-9
                && procUnits <= maxProcUnits + 1e-9, "processing units %s must lie within their minimum %s and "
                + "maximum %s", procUnits, minProcUnits, maxProcUnits);
        InvalidInputException.check(minVcpus > 0 && minVcpus <= vcpus && vcpus <= maxVcpus,
                "virtual processors %s must lie within their minimum %s and maximum %s", vcpus, minVcpus, maxVcpus);
    }

    /** A shape whose range is its desired values (as {@code CreateLpar} makes an LPAR). */
    public static LparShape of(long memoryMb, double procUnits, int vcpus) {
        return new LparShape(memoryMb, procUnits, vcpus, memoryMb, memoryMb, procUnits, procUnits, vcpus, vcpus);
    }

    /** This shape with the range given. */
    public LparShape withRange(long minMemory, long maxMemory, double minUnits, double maxUnits, int minProcs,
            int maxProcs) {
        return new LparShape(memoryMb, procUnits, vcpus, minMemory, maxMemory, minUnits, maxUnits, minProcs, maxProcs);
    }

    /** The shape of a partition payload (a shared-processor one). */
    public static LparShape of(BasePartition p) {
        BasePartition.MemoryConfiguration m = p.memoryConfiguration;
        BasePartition.Shared s = p.processorConfiguration.shared;
        return new LparShape(m.desiredMemory, s.desiredProcessingUnits, s.desiredVirtualProcessors, m.minimumMemory,
                m.maximumMemory, s.minimumProcessingUnits, s.maximumProcessingUnits, s.minimumVirtualProcessors,
                s.maximumVirtualProcessors);
    }

    /** Writes this shape into a partition payload (its memory and shared-processor configuration). */
    public void applyTo(BasePartition p) {
        BasePartition.MemoryConfiguration m = p.memoryConfiguration;
        BasePartition.Shared s = p.processorConfiguration.shared;
        m.desiredMemory = memoryMb;
        m.minimumMemory = minMemoryMb;
        m.maximumMemory = maxMemoryMb;
        s.desiredProcessingUnits = procUnits;
        s.minimumProcessingUnits = minProcUnits;
        s.maximumProcessingUnits = maxProcUnits;
        s.desiredVirtualProcessors = vcpus;
        s.minimumVirtualProcessors = minVcpus;
        s.maximumVirtualProcessors = maxVcpus;
    }

    /** True when the desired values and the range are those of {@code other}. */
    public boolean sameAs(LparShape other) {
        return memoryMb == other.memoryMb && Math.abs(procUnits - other.procUnits) < 1e-9 && vcpus == other.vcpus
                && minMemoryMb == other.minMemoryMb && maxMemoryMb == other.maxMemoryMb
                && Math.abs(minProcUnits - other.minProcUnits) < 1e-9
                && Math.abs(maxProcUnits - other.maxProcUnits) < 1e-9 && minVcpus == other.minVcpus
                && maxVcpus == other.maxVcpus;
    }
}
