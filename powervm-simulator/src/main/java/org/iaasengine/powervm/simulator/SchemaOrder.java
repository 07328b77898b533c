package org.iaasengine.powervm.simulator;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The element order of the PowerVM schema, for the elements the library sends and reads back: the
 * real API refuses a request body whose elements are out of order, and so does the simulator
 * ({@link #check}). The orders are those of the schema as the HMC's own payloads show them (the
 * recorded responses) and as pypowervm writes them; a conformance test holds the recorded payloads
 * against them. Elements a table does not name are not placed (they may stand anywhere); the
 * elements it names must come in its order.
 *
 * <pre>{@code
 * SchemaOrder.check(body);   // SimError 400 naming the misplaced element
 * }</pre>
 */
final class SchemaOrder {
    private static final List<String> BASE_PARTITION = List.of("Metadata", "AllowPerformanceDataCollection",
            "AssociatedPartitionProfile", "AvailabilityPriority",
            "CurrentAllocatedBarrierSynchronizationRegisterArrays", "CurrentProcessorCompatibilityMode",
            "CurrentProfileSync", "Hostname", "IsBootable", "IsCallHomeEnabled", "IsConnectionMonitoringEnabled",
            "IsOperationInProgress", "IsRedundantErrorPathReportingEnabled", "IsTimeReferencePartition",
            "IsVirtualServiceAttentionLEDOn", "IsVirtualTrustedPlatformModuleEnabled", "KeylockPosition",
            "LogicalSerialNumber", "OperatingSystemVersion", "PartitionCapabilities", "PartitionID",
            "PartitionIOConfiguration", "PartitionMemoryConfiguration", "PartitionName",
            "PartitionProcessorConfiguration", "PartitionProfiles", "PartitionState", "PartitionType",
            "PartitionUUID", "PendingProcessorCompatibilityMode", "ProcessorPool", "ProgressPartitionDataRemaining",
            "ProgressPartitionDataTotal", "ProgressState", "ResourceMonitoringControlState",
            "ResourceMonitoringIPAddress", "ValidInteractivePerformance", "AssociatedManagedSystem",
            "SRIOVEthernetLogicalPorts", "SRIOVRoCELogicalPorts", "SRIOVFibreChannelOverEthernetLogicalPorts",
            "ClientNetworkAdapters", "HostEthernetAdapterLogicalPorts", "MACAddressPrefix", "IsServicePartition",
            "PowerVMManagementCapable", "ReferenceCode", "ReferenceCodeFull", "IsManagementPartition", "AutoStart",
            "BootMode", "PartitionNVRAM", "Uptime", "DisableSecureBoot", "AssociatedGroups",
            "PowerOnWithHypervisor", "AssociatedTasks", "Description");

    private static final List<String> ADAPTER_BASE = List.of("Metadata", "AdapterType",
            "DynamicReconfigurationConnectorName", "LocationCode", "LocalPartitionID", "RequiredAdapter", "VariedOn",
            "UseNextAvailableSlotID", "UseNextAvailableHighSlotID", "VirtualSlotNumber", "Enabled", "AdapterName",
            "BackingDeviceName", "RemoteBackingDeviceName", "RemoteLogicalPartitionID", "ConnectingPartition",
            "ConnectingPartitionID", "RemoteSlotNumber", "ConnectingVirtualSlotNumber", "ServerLocationCode",
            "UniqueDeviceID");

    /** Element name → its children in schema order. */
    private static final Map<String, List<String>> ORDER = new HashMap<>();

    static {
        ORDER.put("LogicalPartition", concat(BASE_PARTITION, List.of("MigrationStorageViosDataStatus",
                "MigrationStorageViosDataTimestamp", "RemoteRestartCapable", "SimplifiedRemoteRestartCapable",
                "HasDedicatedProcessorsForMigration", "SuspendCapable", "MigrationDisable", "MigrationState",
                "RemoteRestartState", "PrimaryPagingServicePartition", "PowerManagementMode",
                "SecondaryPagingServicePartition", "UsesHighSpeedLinkOpticonnect", "UsesVirtualOpticonnect",
                "VirtualFibreChannelClientAdapters", "VirtualSCSIClientAdapters", "IsRestrictedIOPartition",
                "StorageDeviceUniqueDeviceID", "DesignatedIPLSource", "DedicatedVirtualNICs",
                "BootListInformation")));
        ORDER.put("VirtualIOServer", concat(BASE_PARTITION, List.of("APICapable", "IsVNICCapable",
                "VNICFailOverCapable", "ServerInstallConfiguration", "LinkAggregations", "ManagerPassthroughCapable",
                "MediaRepositories", "MoverServicePartition", "NetworkBootDevices", "PagingServicePartition",
                "PhysicalVolumes", "SharedEthernetAdapters", "SharedStoragePoolCapable", "SharedStoragePoolVersion",
                "StoragePools", "TrunkAdapters", "VirtualIOServerLicense", "VirtualIOServerLicenseAccepted",
                "VirtualFibreChannelMappings", "VirtualSCSIMappings", "FreeIOAdaptersForLinkAggregation",
                "FreeEthenetBackingDevicesForSEA", "VirtualNICBackingDevices", "VirtualIOServerCapabilities",
                "VirtualSCSIBus")));
        ORDER.put("PartitionIOConfiguration", List.of("Metadata", "MaximumVirtualIOSlots", "ProfileIOSlots",
                "CurrentMaximumVirtualIOSlots", "TaggedIO"));
        ORDER.put("PartitionMemoryConfiguration", List.of("Metadata", "ActiveMemoryExpansionEnabled",
                "ActiveMemorySharingEnabled", "BarrierSynchronizationRegisterArrayCount", "DesiredEntitledMemory",
                "DesiredHugePageCount", "DesiredMemory", "ExpansionFactor", "HardwarePageTableRatio",
                "ManualEntitledModeEnabled", "MaximumHugePageCount", "MaximumMemory", "MemoryWeight",
                "MinimumHugePageCount", "MinimumMemory", "PrimaryPagingServicePartition",
                "SecondaryPagingServicePartition", "AutoEntitledMemoryEnabled",
                "CurrentBarrierSynchronizationRegisterArrays", "CurrentEntitledMemory", "CurrentExpansionFactor",
                "CurrentHardwarePageTableRatio", "CurrentHugePageCount", "CurrentMaximumHugePageCount",
                "CurrentMaximumMemory", "CurrentMemory", "CurrentMemoryWeight", "CurrentMinimumHugePageCount",
                "CurrentMinimumMemory", "CurrentPagingServicePartition", "MemoryExpansionHardwareAccessEnabled",
                "MemoryEncryptionHardwareAccessEnabled", "MemoryExpansionEnabled", "MemoryReleaseable",
                "MemoryToRelease", "RedundantErrorPathReportingEnabled", "RequiredMinimumForMaximum",
                "RuntimeEntitledMemory", "RuntimeExpansionFactor", "RuntimeHugePageCount", "RuntimeMemory",
                "RuntimeMemoryWeight", "RuntimeMinimumMemory", "SharedMemoryEnabled"));
        ORDER.put("PartitionProcessorConfiguration", List.of("Metadata", "DedicatedProcessorConfiguration",
                "HasDedicatedProcessors", "SharedProcessorConfiguration", "SharingMode",
                "CurrentHasDedicatedProcessors", "CurrentSharingMode", "CurrentDedicatedProcessorConfiguration",
                "RuntimeHasDedicatedProcessors", "RuntimeSharingMode", "CurrentSharedProcessorConfiguration"));
        ORDER.put("SharedProcessorConfiguration", List.of("Metadata", "DesiredProcessingUnits",
                "DesiredVirtualProcessors", "MaximumProcessingUnits", "MaximumVirtualProcessors",
                "MinimumProcessingUnits", "MinimumVirtualProcessors", "SharedProcessorPoolID", "UncappedWeight",
                "AllocatedVirtualProcessors", "CurrentMaximumProcessingUnits", "CurrentMinimumProcessingUnits",
                "CurrentProcessingUnits", "CurrentSharedProcessorPoolID", "CurrentUncappedWeight",
                "CurrentMinimumVirtualProcessors", "CurrentMaximumVirtualProcessors", "RuntimeProcessingUnits",
                "RuntimeUncappedWeight"));
        ORDER.put("DedicatedProcessorConfiguration", List.of("Metadata", "DesiredProcessors", "MaximumProcessors",
                "MinimumProcessors"));
        ORDER.put("VirtualSCSIMapping", List.of("Metadata", "AssociatedLogicalPartition", "ClientAdapter",
                "ServerAdapter", "Storage", "TargetDevice"));
        ORDER.put("VirtualFibreChannelMapping", List.of("Metadata", "AssociatedLogicalPartition", "ClientAdapter",
                "Port", "ServerAdapter", "Storage"));
        ORDER.put("ClientAdapter", concat(ADAPTER_BASE, List.of("ServerAdapter", "WWPNs", "NportLoggedInStatus",
                "OperatingSystemDisks")));
        ORDER.put("ServerAdapter", concat(ADAPTER_BASE, List.of("MapPort", "PhysicalPort")));
        ORDER.put("Port", List.of("Metadata", "LocationCode", "PortName", "UniqueDeviceID", "WWPN",
                "AvailablePorts", "TotalPorts"));
        ORDER.put("VirtualDisk", List.of("Metadata", "ReadIOPS", "WriteIOPS", "EncryptionState",
                "EncryptionAgent", "DiskCapacity", "DiskLabel", "DiskName", "MaxLogicalVolumes", "PartitionSize",
                "VolumeGroup", "BaseImage", "UniqueDeviceID", "VirtualDiskType", "BackStoreType", "FileFormat",
                "OptionalParameters"));
        ORDER.put("PhysicalVolume", List.of("Metadata", "ReadIOPS", "WriteIOPS", "AvailablePhysicalPartitions",
                "Description", "LocationCode", "PersistentReserveKeyValue", "ReservePolicy", "ReservePolicyAlgorithm",
                "TotalPhysicalPartitions", "UniqueDeviceID", "AvailableForUsage", "VolumeCapacity", "VolumeName",
                "VolumeState", "VolumeUniqueID", "IsFibreChannelBacked", "StorageLabel", "DescriptorPage83"));
        ORDER.put("VirtualOpticalMedia", List.of("Metadata", "MediaName", "MediaUDID", "MountType", "Size"));
        ORDER.put("LogicalUnit", List.of("Metadata", "ThinDevice", "UniqueDeviceID", "UnitCapacity",
                "LogicalUnitType", "ClonedFrom", "InUse", "UnitName"));
        ORDER.put("VolumeGroup", List.of("Metadata", "AvailableSize", "BackingDeviceCount", "FreeSpace",
                "GroupCapacity", "GroupName", "GroupSerialID", "GroupState", "MaximumLogicalVolumes",
                "MediaRepositories", "MinimumAllocationSize", "PhysicalVolumes", "UniqueDeviceID", "VirtualDisks"));
        ORDER.put("SharedStoragePool", List.of("Metadata", "LogicalUnits", "MultiDataTierConfigured",
                "MultiFailureGroupConfigured", "PhysicalVolumes", "Capacity", "FreeSpace", "OverCommitSpace",
                "TotalLogicalUnitSize", "AlertThreshold", "StoragePoolName", "UniqueDeviceID"));
        ORDER.put("ClientNetworkAdapter", List.of("Metadata", "DynamicReconfigurationConnectorName",
                "LocationCode", "LocalPartitionID", "RequiredAdapter", "VariedOn", "UseNextAvailableSlotID",
                "UseNextAvailableHighSlotID", "VirtualSlotNumber", "Enabled", "AllowedOperatingSystemMACAddresses",
                "MACAddress", "PortVLANID", "QualityOfServicePriority", "QualityOfServicePriorityEnabled",
                "TaggedVLANIDs", "TaggedVLANSupported", "VirtualStationInterfaceTypeID",
                "VirtualStationInterfaceTypeVersion", "VirtualStationInterfaceManagerID", "AssociatedVirtualSwitch",
                "VirtualSwitchID", "IPAddress", "SubnetMask", "Gateway", "TrunkPriority", "ConfiguredMTU",
                "OvsBridge", "OvsPortExternalIds", "VirtualNetworks"));
        ORDER.put("VirtualMediaRepository", List.of("Metadata", "OpticalMedia", "RepositoryName", "RepositorySize"));
        ORDER.put("Atom", List.of("AtomID", "AtomCreated"));
        ORDER.put("JobRequest", List.of("Metadata", "RequestedOperation", "JobParameters"));
        ORDER.put("RequestedOperation", List.of("Metadata", "OperationName", "GroupName"));
        ORDER.put("JobParameter", List.of("Metadata", "ParameterName", "ParameterValue"));
        ORDER.put("JobResponse", List.of("Metadata", "RequestURL", "TargetUuid", "JobID", "TimeStarted",
                "TimeCompleted", "Status", "JobRequestInstance", "Progress", "Results", "ResponseException"));
        ORDER.put("Progress", List.of("Metadata", "CompletedTasks", "LinearProgress", "DiscreteProgress"));
        ORDER.put("File", List.of("Metadata", "Filename", "DateModified", "InternetMediaType", "FileUUID", "SHA256",
                "ExpectedFileSizeInBytes", "CurrentFileSizeInBytes", "FileEnumType", "TargetVirtualIOServerUUID",
                "TargetDeviceUniqueDeviceID", "AssetFile"));
        ORDER.put("LogonRequest", List.of("Metadata", "UserID", "Password"));
        ORDER.put("HttpErrorResponse", List.of("Metadata", "HTTPStatus", "RequestURI", "ReasonCode", "Message",
                "RequestBody", "RequestHeaders"));
        ORDER.put("Event", List.of("Metadata", "EventType", "EventID", "EventData", "EventDetail"));
        ORDER.put("VirtualSCSIMappings", List.of("Metadata", "VirtualSCSIMapping"));
        ORDER.put("VirtualFibreChannelMappings", List.of("Metadata", "VirtualFibreChannelMapping"));
        ORDER.put("PhysicalVolumes", List.of("Metadata", "PhysicalVolume"));
        ORDER.put("VirtualDisks", List.of("Metadata", "VirtualDisk"));
        ORDER.put("MediaRepositories", List.of("Metadata", "VirtualMediaRepository"));
        ORDER.put("OpticalMedia", List.of("Metadata", "VirtualOpticalMedia"));
        ORDER.put("LogicalUnits", List.of("Metadata", "LogicalUnit"));
        ORDER.put("JobParameters", List.of("Metadata", "JobParameter"));
        ORDER.put("Results", List.of("Metadata", "JobParameter"));
    }

    private SchemaOrder() {
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** The children of {@code element} in schema order, or null when the simulator does not place them. */
    static List<String> of(String element) {
        return ORDER.get(element);
    }

    /**
     * Puts the children of {@code e}, at every depth, in the schema's order: what the simulator
     * answers is in that order, as an HMC's answers are, whatever order its objects were built in.
     * A child the table does not name stays right after the child before it.
     */
    static void sort(Element e) {
        List<String> order = ORDER.get(e.getLocalName());
        List<Element> children = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                children.add(c);
            }
        }
        if (order != null) {
            List<int[]> keys = new ArrayList<>(); // rank, tier, position
            int previous = -1;
            for (int i = 0; i < children.size(); i++) {
                int at = order.indexOf(children.get(i).getLocalName());
                keys.add(at >= 0 ? new int[] {at, 0, i} : new int[] {previous, 1, i});
                previous = at >= 0 ? at : previous;
            }
            keys.sort(java.util.Comparator.<int[]>comparingInt(k -> k[0]).thenComparingInt(k -> k[1])
                    .thenComparingInt(k -> k[2]));
            List<Element> sorted = new ArrayList<>();
            for (int[] k : keys) {
                sorted.add(children.get(k[2]));
            }
            for (Element c : sorted) {
                e.appendChild(c);
            }
            children = sorted;
        }
        for (Element c : children) {
            sort(c);
        }
    }

    /** Refuses (400) a request body whose elements are out of the schema's order, at any depth. */
    static void check(byte[] body) {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = f.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (Exception e) {
            throw SimError.badRequest("request body is not XML: " + e.getMessage());
        }
        String misplaced = firstMisplaced(root, root.getLocalName());
        if (misplaced != null) {
            throw SimError.badRequest("request body out of the schema's order: " + misplaced);
        }
    }

    /** The first element out of order below {@code e} (a description), or null. */
    static String firstMisplaced(Element e, String path) {
        List<String> order = ORDER.get(e.getLocalName());
        int last = -1;
        String lastName = null;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element c)) {
                continue;
            }
            if (order != null) {
                int at = order.indexOf(c.getLocalName());
                if (at >= 0 && at < last) {
                    return "in " + path + ", " + c.getLocalName() + " comes after " + lastName;
                }
                if (at >= 0) {
                    last = at;
                    lastName = c.getLocalName();
                }
            }
            String below = firstMisplaced(c, path + "/" + c.getLocalName());
            if (below != null) {
                return below;
            }
        }
        return null;
    }
}
