package org.iaasengine.powervm.spec;

import org.iaasengine.powervm.xml.uom.ManagedSystem;

/**
 * What the commands read of a managed system.
 *
 * <pre>{@code
 * SystemInfo ms = new GetManagedSystem(client, null).execute(ctx);
 * double usedUnits = ms.installedProcUnits() - ms.availableProcUnits();
 * }</pre>
 *
 * @param uuid                 managed system UUID
 * @param name                 SystemName
 * @param state                State ("operating", ...)
 * @param machineType          machine type
 * @param model                model
 * @param serial               serial number
 * @param installedMemoryMb    InstalledSystemMemory
 * @param availableMemoryMb    CurrentAvailableSystemMemory
 * @param installedProcUnits   InstalledSystemProcessorUnits
 * @param availableProcUnits   CurrentAvailableSystemProcessorUnits
 * @param activeLpmCapable     whether live partition mobility is possible
 */
public record SystemInfo(String uuid, String name, String state, String machineType, String model, String serial,
        long installedMemoryMb, long availableMemoryMb, double installedProcUnits, double availableProcUnits,
        boolean activeLpmCapable) {

    /** Reads the facts of a managed system payload. */
    public static SystemInfo of(ManagedSystem ms) {
        return new SystemInfo(ms.uuid(), ms.systemName, ms.state,
                ms.mtms == null ? null : ms.mtms.machineType, ms.mtms == null ? null : ms.mtms.model,
                ms.mtms == null ? null : ms.mtms.serialNumber,
                ms.memory == null || ms.memory.installedSystemMemory == null ? 0 : ms.memory.installedSystemMemory,
                ms.memory == null || ms.memory.currentAvailableSystemMemory == null ? 0
                        : ms.memory.currentAvailableSystemMemory,
                ms.processor == null || ms.processor.installedSystemProcessorUnits == null ? 0
                        : ms.processor.installedSystemProcessorUnits,
                ms.processor == null || ms.processor.currentAvailableSystemProcessorUnits == null ? 0
                        : ms.processor.currentAvailableSystemProcessorUnits,
                ms.capabilities != null && Boolean.TRUE.equals(ms.capabilities.activeLpmCapable));
    }
}
