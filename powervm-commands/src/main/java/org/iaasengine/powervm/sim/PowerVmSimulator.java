package org.iaasengine.powervm.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.iaasengine.core.CommandException;
import org.iaasengine.powervm.rest.JobStatus;
import org.iaasengine.powervm.rest.PowerVmConfig;
import org.iaasengine.powervm.xml.Namespaces;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.atom.AtomContent;
import org.iaasengine.powervm.xml.atom.AtomEntry;
import org.iaasengine.powervm.xml.atom.AtomFeed;
import org.iaasengine.powervm.xml.atom.AtomLink;
import org.iaasengine.powervm.xml.uom.BasePartition;
import org.iaasengine.powervm.xml.uom.ClientNetworkAdapter;
import org.iaasengine.powervm.xml.uom.Event;
import org.iaasengine.powervm.xml.uom.Link;
import org.iaasengine.powervm.xml.uom.LinkList;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.LogicalUnit;
import org.iaasengine.powervm.xml.uom.ManagedSystem;
import org.iaasengine.powervm.xml.uom.Metadata;
import org.iaasengine.powervm.xml.uom.PhysicalVolume;
import org.iaasengine.powervm.xml.uom.ScsiStorage;
import org.iaasengine.powervm.xml.uom.SharedStoragePool;
import org.iaasengine.powervm.xml.uom.VirtualAdapter;
import org.iaasengine.powervm.xml.uom.VirtualDisk;
import org.iaasengine.powervm.xml.uom.VirtualFibreChannelMapping;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VirtualScsiMapping;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.iaasengine.powervm.xml.web.HttpErrorResponse;
import org.iaasengine.powervm.xml.web.JobParameter;
import org.iaasengine.powervm.xml.web.JobRequest;
import org.iaasengine.powervm.xml.web.JobResponse;
import org.iaasengine.powervm.xml.web.LogonRequest;
import org.iaasengine.powervm.xml.web.LogonResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful PowerVM REST simulator on a loopback port. The default topology: two managed systems
 * ({@code sim-a}, {@code sim-b}), one VIOS each ({@code vios-a}, {@code vios-b}) with a volume
 * group {@code rootvg}, Fibre Channel ports {@code fcs0} and {@code fcs1}, and one shared storage
 * pool {@code ssp1} seen by both. Jobs finish after {@link Builder#jobPolls(int)} status polls;
 * every write changes the object's etag; every change is an event on the long-poll feed.
 *
 * <pre>{@code
 * try (PowerVmSimulator sim = PowerVmSimulator.builder().jobPolls(2).start()) {
 *     PowerVmClient client = PowerVmClient.connect(sim.config().build());
 *     sim.faults().failJob("PowerOn", JobStatus.COMPLETED_WITH_ERROR, 1);
 *     ...
 * }
 * }</pre>
 */
public final class PowerVmSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PowerVmSimulator.class);
    private static final String NOT_ACTIVATED = "not activated";
    private static final String RUNNING = "running";

    private final String user;
    private final String password;
    private final int jobPolls;
    private final Duration eventWait;
    private final boolean rmcActiveAfterBoot;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;
    private final SimFaults faults = new SimFaults();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition eventsChanged = lock.newCondition();
    private final Set<String> sessions = new HashSet<>();
    private final Map<String, ManagedSystem> systems = new LinkedHashMap<>();
    private final Map<String, LogicalPartition> lpars = new LinkedHashMap<>();
    private final Map<String, String> lparSystem = new HashMap<>();
    private final Map<String, VirtualIOServer> vioses = new LinkedHashMap<>();
    private final Map<String, String> viosSystem = new HashMap<>();
    private final Map<String, List<String>> viosPorts = new HashMap<>();
    private final Map<String, VolumeGroup> volumeGroups = new LinkedHashMap<>();
    private final Map<String, String> vgVios = new HashMap<>();
    private final Map<String, SharedStoragePool> ssps = new LinkedHashMap<>();
    private final Map<String, ClientNetworkAdapter> cnas = new LinkedHashMap<>();
    private final Map<String, String> cnaLpar = new HashMap<>();
    private final Map<String, Long> etags = new HashMap<>();
    private final Map<String, SimJob> jobs = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Integer> eventCursors = new HashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> cancelledJobs = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private long clock = 1_700_000_000_000L;

    private static final class SimJob {
        final String id;
        final String operation;
        final String group;
        final String target;
        final Map<String, String> params;
        JobStatus status = JobStatus.RUNNING;
        int pollsLeft;
        int polls;
        String result = "";

        SimJob(String id, String operation, String group, String target, Map<String, String> params, int polls) {
            this.id = id;
            this.operation = operation;
            this.group = group;
            this.target = target;
            this.params = params;
            this.pollsLeft = polls;
        }
    }

    private record Resp(int status, byte[] body, String etag) {
    }

    /** An error answer with an HttpErrorResponse body. */
    private static final class SimError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String reason;

        SimError(int status, String reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }
    }

    static {
        // The JDK HttpServer reads this once: without TCP_NODELAY every small answer waits ~40 ms
        // for a delayed ACK, which makes a loopback simulator needlessly slow.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private PowerVmSimulator(Builder b) throws IOException {
        this.user = b.user;
        this.password = b.password;
        this.jobPolls = b.jobPolls;
        this.eventWait = b.eventWait;
        this.rmcActiveAfterBoot = b.rmcActiveAfterBoot;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "powervm-sim");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/rest/api/", this::handle);
        this.uri = URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
        seed();
        server.start();
        LOG.info("PowerVM simulator listening on {}", uri);
    }

    /** A simulator with the defaults (user {@code hscroot}, jobs finish at their first poll). */
    public static PowerVmSimulator start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URI ({@code http://127.0.0.1:port}). */
    public URI uri() {
        return uri;
    }

    /** A client configuration for this simulator: its URI and credentials, quick job polls. */
    public PowerVmConfig.Builder config() {
        return PowerVmConfig.builder(uri).credentials(user, password.toCharArray())
                .jobPollInterval(Duration.ofMillis(2)).requestTimeout(Duration.ofSeconds(10))
                .eventWait(eventWait);
    }

    /** The fault injection API. */
    public SimFaults faults() {
        return faults;
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ test controls and views

    /** Invalidates every session: the next request of each client gets 401. */
    public void expireSessions() {
        withLock(() -> {
            sessions.clear();
            return null;
        });
    }

    /** The number of valid sessions. */
    public int sessionCount() {
        return withLock(sessions::size);
    }

    /** Every request so far, as {@code METHOD path} (path below {@code /rest/api/}). */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The ids of jobs a client cancelled. */
    public List<String> cancelledJobs() {
        return List.copyOf(cancelledJobs);
    }

    /** The UUID of a managed system by name. */
    public String systemUuid(String name) {
        return withLock(() -> systems.values().stream().filter(s -> name.equals(s.systemName)).findFirst()
                .map(ManagedSystem::uuid).orElseThrow(() -> new IllegalArgumentException("no system " + name)));
    }

    /** The UUID of a VIOS by name. */
    public String viosUuid(String name) {
        return withLock(() -> vioses.values().stream().filter(v -> name.equals(v.partitionName)).findFirst()
                .map(BasePartition::uuid).orElseThrow(() -> new IllegalArgumentException("no vios " + name)));
    }

    /** The UUID of the volume group {@code name} of a VIOS. */
    public String volumeGroupUuid(String viosName, String name) {
        String vios = viosUuid(viosName);
        return withLock(() -> volumeGroups.entrySet().stream()
                .filter(e -> vios.equals(vgVios.get(e.getKey())) && name.equals(e.getValue().groupName))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new IllegalArgumentException("no vg " + name)));
    }

    /** The UUID of the shared storage pool {@code name}. */
    public String sspUuid(String name) {
        return withLock(() -> ssps.entrySet().stream().filter(e -> name.equals(e.getValue().storagePoolName))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new IllegalArgumentException("no ssp " + name)));
    }

    /** The UUID of the LPAR {@code name}, if it exists. */
    public Optional<String> lparUuid(String name) {
        return withLock(() -> lpars.values().stream().filter(l -> name.equals(l.partitionName)).findFirst()
                .map(BasePartition::uuid));
    }

    /** Makes a Fibre Channel LUN visible to a VIOS as a physical volume (for vSCSI attach). */
    public void addFcVolume(String viosName, String volumeName, String udid, long capacityMb) {
        String vios = viosUuid(viosName);
        withLock(() -> {
            PhysicalVolume pv = PhysicalVolume.ref(volumeName, udid);
            pv.volumeCapacity = capacityMb;
            pv.volumeState = "active";
            pv.fibreChannelBacked = true;
            pv.description = "MPIO IBM 2076 FC Disk";
            vioses.get(vios).physicalVolumes.volumes.add(pv);
            touch(vios);
            return null;
        });
    }

    /** Sets the state of an LPAR directly (as if the guest crashed or stopped by itself). */
    public void setLparState(String name, String state) {
        withLock(() -> {
            LogicalPartition l = lpars.values().stream().filter(p -> name.equals(p.partitionName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no lpar " + name));
            l.partitionState = state;
            touch(l.uuid());
            event("MODIFY_URI", href("LogicalPartition", l.uuid()));
            return null;
        });
    }

    /** Everything the simulator holds now, as plain values. */
    public SimSnapshot snapshot() {
        return withLock(() -> {
            Map<String, String> l = new TreeMap<>();
            Map<String, String> ls = new TreeMap<>();
            for (LogicalPartition p : lpars.values()) {
                l.put(p.partitionName, p.partitionState);
                ls.put(p.partitionName, systems.get(lparSystem.get(p.uuid())).systemName);
            }
            List<String> adapters = new ArrayList<>();
            cnas.forEach((id, a) -> adapters.add(lpars.get(cnaLpar.get(id)).partitionName + "/" + a.portVlanId));
            List<String> disks = new ArrayList<>();
            volumeGroups.values().forEach(vg -> vg.virtualDisks.disks.forEach(d -> disks.add(d.diskName)));
            List<String> lus = new ArrayList<>();
            ssps.values().forEach(s -> s.logicalUnits.units.forEach(u -> lus.add(u.unitName)));
            List<String> scsi = new ArrayList<>();
            List<String> fc = new ArrayList<>();
            for (VirtualIOServer v : vioses.values()) {
                for (VirtualScsiMapping m : v.scsiMappings.mappings) {
                    scsi.add(v.partitionName + ":" + lparName(m.lparUuid()) + "->" + m.storage.name());
                }
                for (VirtualFibreChannelMapping m : v.fcMappings.mappings) {
                    fc.add(v.partitionName + ":" + lparName(m.lparUuid()) + "->" + m.portName());
                }
            }
            List<String> running = jobs.values().stream().filter(j -> !j.status.isDone())
                    .map(j -> j.operation + ":" + j.id).toList();
            return new SimSnapshot(l, ls, adapters, disks, lus, scsi, fc, running);
        });
    }

    private String lparName(String uuid) {
        LogicalPartition l = lpars.get(uuid);
        return l == null ? "<gone:" + uuid + ">" : l.partitionName;
    }

    // ------------------------------------------------------------------ seed

    private void seed() {
        String a = addSystem("sim-a");
        String b = addSystem("sim-b");
        addVios(a, "vios-a");
        addVios(b, "vios-b");
        SharedStoragePool ssp = new SharedStoragePool();
        String sspId = newUuid();
        ssp.metadata = Metadata.of(sspId, clock);
        ssp.storagePoolName = "ssp1";
        ssp.capacity = 1000.0;
        ssp.freeSpace = 1000.0;
        ssp.uniqueDeviceId = "24" + sspId.replace("-", "").toLowerCase();
        ssps.put(sspId, ssp);
        etags.put(sspId, 1L);
    }

    private String addSystem(String name) {
        ManagedSystem ms = new ManagedSystem();
        String id = newUuid();
        ms.metadata = Metadata.of(id, 0);
        ms.capabilities = new ManagedSystem.Capabilities();
        ms.capabilities.activeLpmCapable = true;
        ms.capabilities.inactiveLpmCapable = true;
        ms.capabilities.virtualFiberChannelCapable = true;
        ms.memory = new ManagedSystem.Memory();
        ms.memory.configurableSystemMemory = 131072L;
        ms.memory.installedSystemMemory = 131072L;
        ms.memory.memoryUsedByHypervisor = 4864L;
        ms.processor = new ManagedSystem.Processor();
        ms.processor.configurableSystemProcessorUnits = 10.0;
        ms.processor.installedSystemProcessorUnits = 10.0;
        ms.mtms = new ManagedSystem.Mtms();
        ms.mtms.machineType = "8247";
        ms.mtms.model = "21L";
        ms.mtms.serialNumber = "SIM" + (systems.size() + 1);
        ms.maximumPartitions = 200;
        ms.primaryIpAddress = "127.0.0." + (systems.size() + 2);
        ms.state = "operating";
        ms.systemName = name;
        systems.put(id, ms);
        etags.put(id, 1L);
        return id;
    }

    private void addVios(String system, String name) {
        VirtualIOServer v = new VirtualIOServer();
        String id = newUuid();
        v.metadata = Metadata.of(id, clock);
        v.partitionId = 1;
        v.partitionName = name;
        v.partitionState = RUNNING;
        v.partitionType = "Virtual IO Server";
        v.partitionUuid = id;
        v.rmcState = "active";
        v.memoryConfiguration = new BasePartition.MemoryConfiguration();
        v.memoryConfiguration.desiredMemory = 4096L;
        v.memoryConfiguration.currentMemory = 4096L;
        v.associatedManagedSystem = new Link(href("ManagedSystem", system));
        vioses.put(id, v);
        viosSystem.put(id, system);
        viosPorts.put(id, List.of("fcs0", "fcs1"));
        etags.put(id, 1L);
        VolumeGroup vg = new VolumeGroup();
        String vgId = newUuid();
        vg.metadata = Metadata.of(vgId, clock);
        vg.groupName = "rootvg";
        vg.groupCapacity = 500.0;
        vg.availableSize = 500.0;
        vg.freeSpace = 500.0;
        vg.uniqueDeviceId = "04" + vgId.replace("-", "").toLowerCase();
        volumeGroups.put(vgId, vg);
        vgVios.put(vgId, id);
        etags.put(vgId, 1L);
    }

    private String newUuid() {
        int n = ids.incrementAndGet();
        return String.format("%08X-5151-4000-8000-%012X", n, (long) n * 7919);
    }

    private String href(String... segments) {
        return uri + "/rest/api/uom/" + String.join("/", segments);
    }

    private void touch(String uuid) {
        etags.merge(uuid, 1L, Long::sum);
    }

    private void event(String type, String data) {
        Event e = new Event();
        e.metadata = Metadata.of(newUuid(), ++clock);
        e.eventType = type;
        e.eventId = Long.toString(clock);
        e.eventData = data;
        e.eventDetail = "";
        events.add(e);
        eventsChanged.signalAll();
    }

    private <T> T withLock(java.util.function.Supplier<T> s) {
        lock.lock();
        try {
            return s.get();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String rel = ex.getRequestURI().getPath().substring("/rest/api/".length());
            String query = ex.getRequestURI().getRawQuery();
            byte[] body = ex.getRequestBody().readAllBytes();
            requests.add(method + " " + rel);
            Resp r;
            try {
                if (rel.equals("web/Logon")) {
                    r = logon(method, body, ex.getRequestHeaders().getFirst("X-API-Session"));
                } else if (rel.startsWith("uom/")) {
                    String path = rel.substring(4);
                    if (!withLock(() -> sessions.contains(ex.getRequestHeaders().getFirst("X-API-Session")))) {
                        throw new SimError(401, "Unauthorized", "session is not valid");
                    }
                    Optional<SimFaults.Kind> fault = faults.takeRequestFault(method, path);
                    if (fault.isPresent() && fault.get() == SimFaults.Kind.DROP) {
                        LOG.debug("sim: dropping {} {}", method, path);
                        ex.sendResponseHeaders(200, 64);
                        return; // closes after 0 of 64 bytes: the client sees a broken connection
                    }
                    if (fault.isPresent() && fault.get() == SimFaults.Kind.VIOS_BUSY) {
                        throw new SimError(500, "Unknown internal error.", "Unable to send command to VIOS at this "
                                + "moment. VIOS is busy processing some other request. Please retry the operation "
                                + "after sometime.");
                    }
                    if (fault.isPresent() && fault.get() == SimFaults.Kind.INTERNAL_ERROR) {
                        throw new SimError(500, "Unknown internal error.", "Simulated internal error.");
                    }
                    boolean conflict = fault.isPresent() && fault.get() == SimFaults.Kind.ETAG_CONFLICT;
                    String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
                    r = uom(method, path, query, body, ifMatch, conflict);
                } else {
                    throw new SimError(404, "Not Found", "no resource " + rel);
                }
            } catch (SimError e) {
                r = error(e.status, e.reason, e.getMessage(), "/rest/api/" + rel);
            } catch (CommandException e) {
                r = error(400, "Bad Request", "payload does not parse: " + e.getMessage(), "/rest/api/" + rel);
            }
            if (r.etag() != null) {
                ex.getResponseHeaders().add("ETag", r.etag());
            }
            ex.getResponseHeaders().add("Content-Type", "application/atom+xml");
            if (r.body() == null || r.body().length == 0) {
                ex.sendResponseHeaders(r.status(), -1);
            } else {
                ex.sendResponseHeaders(r.status(), r.body().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(r.body());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("sim: handler failed", e);
            throw e;
        }
    }

    private Resp logon(String method, byte[] body, String token) {
        if (method.equals("DELETE")) {
            withLock(() -> sessions.remove(token));
            return new Resp(204, null, null);
        }
        if (!method.equals("PUT")) {
            throw new SimError(405, "Method Not Allowed", method + " on Logon");
        }
        LogonRequest req = PowerVmXml.unmarshal(body, LogonRequest.class);
        if (!user.equals(req.userId) || !password.equals(req.password)) {
            throw new SimError(401, "Unauthorized", "logon refused for user " + req.userId);
        }
        LogonResponse resp = new LogonResponse();
        resp.session = "sim-session-" + newUuid();
        withLock(() -> sessions.add(resp.session));
        return new Resp(200, PowerVmXml.marshal(resp), null);
    }

    private Resp error(int status, String reason, String message, String requestUri) {
        HttpErrorResponse err = new HttpErrorResponse();
        err.httpStatus = status;
        err.requestUri = requestUri;
        err.reasonCode = reason;
        err.message = message;
        AtomEntry e = new AtomEntry();
        e.id = newUuid();
        e.title = "HttpErrorResponse";
        e.published = published();
        e.content = new AtomContent(Namespaces.webType("HttpErrorResponse"), err);
        return new Resp(status, PowerVmXml.marshal(e), null);
    }

    private String published() {
        return java.time.Instant.ofEpochMilli(clock).toString();
    }

    private Resp entry(String type, String uuid, String selfHref, Object value, boolean web) {
        AtomEntry e = new AtomEntry();
        e.id = uuid;
        e.title = type;
        e.published = published();
        e.links.add(new AtomLink("SELF", selfHref));
        e.author = new AtomEntry.Author();
        e.author.name = "IaaS Engine PowerVM simulator";
        Long tag = etags.get(uuid);
        e.etag = tag == null ? null : Long.toString(tag);
        e.content = new AtomContent(web ? Namespaces.webType(type) : Namespaces.uomType(type), value);
        return new Resp(200, PowerVmXml.marshal(e), e.etag);
    }

    private AtomEntry feedEntry(String type, String uuid, String selfHref, Object value) {
        AtomEntry e = new AtomEntry();
        e.id = uuid;
        e.title = type;
        e.published = published();
        e.links.add(new AtomLink("SELF", selfHref));
        Long tag = etags.get(uuid);
        e.etag = tag == null ? null : Long.toString(tag);
        e.content = new AtomContent(Namespaces.uomType(type), value);
        return e;
    }

    private Resp feed(String selfHref, List<AtomEntry> entries) {
        if (entries.isEmpty()) {
            return new Resp(204, null, null);
        }
        AtomFeed f = new AtomFeed();
        f.id = newUuid();
        f.updated = published();
        f.links.add(new AtomLink("SELF", selfHref));
        f.generator = "IaaS Engine PowerVM simulator";
        f.entries.addAll(entries);
        return new Resp(200, PowerVmXml.marshal(f), null);
    }

    // ------------------------------------------------------------------ uom routing

    private Resp uom(String method, String path, String query, byte[] body, String ifMatch, boolean conflict) {
        String[] s = path.split("/");
        if (s[0].equals("Event") && method.equals("GET")) {
            return events(query);
        }
        lock.lock();
        try {
            switch (s[0]) {
                case "ManagedSystem":
                    if (s.length == 1) {
                        return feed(href("ManagedSystem"), systems.values().stream()
                                .map(m -> feedEntry("ManagedSystem", m.uuid(), href("ManagedSystem", m.uuid()),
                                        renderSystem(m))).toList());
                    }
                    ManagedSystem ms = found(systems.get(s[1]), "ManagedSystem", s[1]);
                    if (s.length == 2) {
                        return entry("ManagedSystem", ms.uuid(), href("ManagedSystem", ms.uuid()), renderSystem(ms),
                                false);
                    }
                    if (s[2].equals("LogicalPartition")) {
                        return lpar(method, s.length > 3 ? s[3] : null, s.length > 4 ? tail(s, 4) : null, body,
                                ms.uuid());
                    }
                    if (s[2].equals("VirtualIOServer")) {
                        return vios(method, s.length > 3 ? s[3] : null, s.length > 4 ? tail(s, 4) : null, body, ifMatch,
                                conflict, ms.uuid());
                    }
                    break;
                case "LogicalPartition":
                    return lpar(method, s.length > 1 ? s[1] : null, s.length > 2 ? tail(s, 2) : null, body, null);
                case "VirtualIOServer":
                    return vios(method, s.length > 1 ? s[1] : null, s.length > 2 ? tail(s, 2) : null, body, ifMatch,
                            conflict, null);
                case "SharedStoragePool":
                    return ssp(method, s.length > 1 ? s[1] : null, body, ifMatch, conflict);
                case "jobs":
                    return job(method, s);
                default:
                    break;
            }
            throw new SimError(404, "Not Found", "no resource " + path);
        } finally {
            lock.unlock();
        }
    }

    private static String[] tail(String[] s, int from) {
        return java.util.Arrays.copyOfRange(s, from, s.length);
    }

    private static <T> T found(T value, String type, String id) {
        if (value == null) {
            throw new SimError(404, "Not Found", type + " " + id + " does not exist");
        }
        return value;
    }

    private void checkEtag(String uuid, String ifMatch, boolean conflict) {
        if (conflict) {
            touch(uuid);
        }
        if (ifMatch != null && !ifMatch.equals(Long.toString(etags.get(uuid)))) {
            throw new SimError(412, "Precondition Failed", "etag " + ifMatch + " of " + uuid + " is stale");
        }
    }

    private ManagedSystem renderSystem(ManagedSystem ms) {
        long usedMem = 0;
        double usedProc = 0;
        for (LogicalPartition l : lpars.values()) {
            if (ms.uuid().equals(lparSystem.get(l.uuid())) && !NOT_ACTIVATED.equals(l.partitionState)) {
                usedMem += l.desiredMemoryMb();
                usedProc += l.processorConfiguration.shared == null ? 0
                        : l.processorConfiguration.shared.desiredProcessingUnits;
            }
        }
        for (Map.Entry<String, VirtualIOServer> v : vioses.entrySet()) {
            if (ms.uuid().equals(viosSystem.get(v.getKey()))) {
                usedMem += v.getValue().desiredMemoryMb();
                usedProc += 1.0;
            }
        }
        ms.memory.currentAvailableSystemMemory = ms.memory.configurableSystemMemory - ms.memory.memoryUsedByHypervisor
                - usedMem;
        ms.processor.currentAvailableSystemProcessorUnits = Math.round(
                (ms.processor.configurableSystemProcessorUnits - usedProc) * 100) / 100.0;
        return ms;
    }

    // ------------------------------------------------------------------ LPARs and adapters

    private Resp lpar(String method, String id, String[] rest, byte[] body, String system) {
        if (id == null) {
            if (method.equals("PUT") && system != null) {
                return createLpar(system, PowerVmXml.unmarshal(body, LogicalPartition.class));
            }
            return feed(href("LogicalPartition"), lpars.values().stream()
                    .filter(l -> system == null || system.equals(lparSystem.get(l.uuid())))
                    .map(l -> feedEntry("LogicalPartition", l.uuid(), href("LogicalPartition", l.uuid()), render(l)))
                    .toList());
        }
        LogicalPartition l = found(lpars.get(id), "LogicalPartition", id);
        if (rest == null) {
            if (method.equals("DELETE")) {
                if (!NOT_ACTIVATED.equals(l.partitionState)) {
                    throw new SimError(409, "Conflict", "partition " + l.partitionName + " is " + l.partitionState
                            + "; power it off before deleting it");
                }
                lpars.remove(id);
                lparSystem.remove(id);
                cnaLpar.entrySet().removeIf(e -> {
                    if (e.getValue().equals(id)) {
                        cnas.remove(e.getKey());
                        return true;
                    }
                    return false;
                });
                event("DELETE_URI", href("LogicalPartition", id));
                return new Resp(204, null, null);
            }
            return entry("LogicalPartition", id, href("LogicalPartition", id), render(l), false);
        }
        if (rest[0].equals("ClientNetworkAdapter")) {
            return cna(method, l, rest.length > 1 ? rest[1] : null, body);
        }
        if (rest[0].equals("do") && rest.length == 2) {
            return jobStart(method, "LogicalPartition", id, rest[1], body);
        }
        throw new SimError(404, "Not Found", "no resource under LogicalPartition " + id);
    }

    private LogicalPartition render(LogicalPartition l) {
        l.clientNetworkAdapters = new LinkList();
        cnaLpar.forEach((cna, lpar) -> {
            if (lpar.equals(l.uuid())) {
                l.clientNetworkAdapters.links.add(new Link(href("LogicalPartition", lpar, "ClientNetworkAdapter", cna)));
            }
        });
        l.associatedManagedSystem = new Link(href("ManagedSystem", lparSystem.get(l.uuid())));
        return l;
    }

    private Resp createLpar(String system, LogicalPartition req) {
        if (req.partitionName == null || req.partitionName.isBlank()) {
            throw new SimError(400, "Bad Request", "PartitionName is required");
        }
        if (lpars.values().stream().anyMatch(l -> req.partitionName.equals(l.partitionName))) {
            throw new SimError(409, "Conflict", "a partition named " + req.partitionName + " exists");
        }
        if (req.desiredMemoryMb() <= 0) {
            throw new SimError(400, "Bad Request", "DesiredMemory is required");
        }
        String id = newUuid();
        req.metadata = Metadata.of(id, ++clock);
        req.partitionUuid = id;
        req.partitionId = 2 + (int) lpars.values().stream().filter(l -> system.equals(lparSystem.get(l.uuid())))
                .count() + ids.get();
        req.partitionState = NOT_ACTIVATED;
        req.rmcState = "inactive";
        req.migrationState = "Not_Migrating";
        req.referenceCode = "00000000";
        lpars.put(id, req);
        lparSystem.put(id, system);
        etags.put(id, 1L);
        event("ADD_URI", href("LogicalPartition", id));
        return entry("LogicalPartition", id, href("LogicalPartition", id), render(req), false);
    }

    private Resp cna(String method, LogicalPartition l, String id, byte[] body) {
        if (id == null) {
            if (method.equals("PUT")) {
                ClientNetworkAdapter a = PowerVmXml.unmarshal(body, ClientNetworkAdapter.class);
                if (a.portVlanId == null || a.portVlanId < 1 || a.portVlanId > 4094) {
                    throw new SimError(400, "Bad Request", "PortVLANID " + a.portVlanId + " is not valid");
                }
                String cid = newUuid();
                int slot = 2 + (int) cnaLpar.values().stream().filter(l.uuid()::equals).count();
                a.metadata = Metadata.of(cid, ++clock);
                a.localPartitionId = l.partitionId;
                a.virtualSlotNumber = slot;
                a.useNextAvailableSlotId = null;
                a.variedOn = true;
                a.locationCode = "U8247.21L.SIM-V" + l.partitionId + "-C" + slot;
                a.macAddress = a.macAddress != null ? a.macAddress : String.format("FAD4433E%04X", ids.get() & 0xFFFF);
                a.virtualSwitchId = 0;
                cnas.put(cid, a);
                cnaLpar.put(cid, l.uuid());
                etags.put(cid, 1L);
                touch(l.uuid());
                event("ADD_URI", href("LogicalPartition", l.uuid(), "ClientNetworkAdapter", cid));
                return entry("ClientNetworkAdapter", cid, href("LogicalPartition", l.uuid(), "ClientNetworkAdapter", cid),
                        a, false);
            }
            return feed(href("LogicalPartition", l.uuid(), "ClientNetworkAdapter"), cnaLpar.entrySet().stream()
                    .filter(e -> e.getValue().equals(l.uuid()))
                    .map(e -> feedEntry("ClientNetworkAdapter", e.getKey(),
                            href("LogicalPartition", l.uuid(), "ClientNetworkAdapter", e.getKey()), cnas.get(e.getKey())))
                    .toList());
        }
        ClientNetworkAdapter a = cnaLpar.get(id) != null && cnaLpar.get(id).equals(l.uuid()) ? cnas.get(id) : null;
        found(a, "ClientNetworkAdapter", id);
        if (method.equals("DELETE")) {
            cnas.remove(id);
            cnaLpar.remove(id);
            touch(l.uuid());
            event("DELETE_URI", href("LogicalPartition", l.uuid(), "ClientNetworkAdapter", id));
            return new Resp(204, null, null);
        }
        return entry("ClientNetworkAdapter", id, href("LogicalPartition", l.uuid(), "ClientNetworkAdapter", id), a,
                false);
    }

    // ------------------------------------------------------------------ VIOS and storage

    private Resp vios(String method, String id, String[] rest, byte[] body, String ifMatch, boolean conflict,
            String system) {
        if (id == null) {
            return feed(href("VirtualIOServer"), vioses.values().stream()
                    .filter(v -> system == null || system.equals(viosSystem.get(v.uuid())))
                    .map(v -> feedEntry("VirtualIOServer", v.uuid(), href("VirtualIOServer", v.uuid()), v)).toList());
        }
        VirtualIOServer v = found(vioses.get(id), "VirtualIOServer", id);
        if (rest == null) {
            if (method.equals("POST")) {
                checkEtag(id, ifMatch, conflict);
                updateVios(v, PowerVmXml.unmarshal(body, VirtualIOServer.class));
                touch(id);
                event("MODIFY_URI", href("VirtualIOServer", id));
            }
            return entry("VirtualIOServer", id, href("VirtualIOServer", id), v, false);
        }
        if (rest[0].equals("VolumeGroup")) {
            if (rest.length == 1) {
                return feed(href("VirtualIOServer", id, "VolumeGroup"), volumeGroups.entrySet().stream()
                        .filter(e -> id.equals(vgVios.get(e.getKey())))
                        .map(e -> feedEntry("VolumeGroup", e.getKey(), href("VirtualIOServer", id, "VolumeGroup",
                                e.getKey()), e.getValue())).toList());
            }
            String vgId = rest[1];
            VolumeGroup vg = id.equals(vgVios.get(vgId)) ? volumeGroups.get(vgId) : null;
            found(vg, "VolumeGroup", vgId);
            if (method.equals("POST")) {
                checkEtag(vgId, ifMatch, conflict);
                updateVolumeGroup(id, vg, PowerVmXml.unmarshal(body, VolumeGroup.class));
                touch(vgId);
                event("MODIFY_URI", href("VirtualIOServer", id, "VolumeGroup", vgId));
            }
            return entry("VolumeGroup", vgId, href("VirtualIOServer", id, "VolumeGroup", vgId), vg, false);
        }
        if (rest[0].equals("do") && rest.length == 2) {
            return jobStart(method, "VirtualIOServer", id, rest[1], body);
        }
        throw new SimError(404, "Not Found", "no resource under VirtualIOServer " + id);
    }

    private void updateVios(VirtualIOServer current, VirtualIOServer sent) {
        String vios = current.uuid();
        for (VirtualScsiMapping m : sent.scsiMappings.mappings) {
            if (m.serverAdapter != null && m.serverAdapter.virtualSlotNumber != null) {
                continue; // an existing mapping
            }
            LogicalPartition l = lpars.get(m.lparUuid());
            if (l == null) {
                throw new SimError(400, "Bad Request", "mapping names partition " + m.lparUuid() + ", which does not "
                        + "exist");
            }
            resolveStorage(vios, m.storage);
            int slot = 10 + current.scsiMappings.mappings.size() + ids.incrementAndGet() % 1000;
            m.clientAdapter = adapter("Client", l.partitionId, slot, 1, slot);
            m.serverAdapter = adapter("Server", 1, slot, l.partitionId, slot);
        }
        for (VirtualFibreChannelMapping m : sent.fcMappings.mappings) {
            if (m.clientAdapter != null && m.clientAdapter.wwpns != null) {
                continue;
            }
            LogicalPartition l = lpars.get(m.lparUuid());
            if (l == null) {
                throw new SimError(400, "Bad Request", "mapping names partition " + m.lparUuid() + ", which does not "
                        + "exist");
            }
            if (!viosPorts.get(vios).contains(m.portName())) {
                throw new SimError(400, "Bad Request", "VIOS " + current.partitionName + " has no FC port "
                        + m.portName());
            }
            int n = ids.incrementAndGet();
            int slot = 30 + n % 1000;
            m.clientAdapter = adapter("Client", l.partitionId, slot, 1, slot);
            m.clientAdapter.wwpns = String.format("C05076079CFF%04X C05076079CFF%04X", 2 * n, 2 * n + 1);
            m.serverAdapter = adapter("Server", 1, slot, l.partitionId, slot);
            m.port.wwpn = "10000090FA1B" + (m.portName().equals("fcs0") ? "6898" : "6899");
        }
        current.scsiMappings.mappings = new ArrayList<>(sent.scsiMappings.mappings);
        current.fcMappings.mappings = new ArrayList<>(sent.fcMappings.mappings);
    }

    private static VirtualAdapter adapter(String type, int local, int slot, int remote, int remoteSlot) {
        VirtualAdapter a = new VirtualAdapter();
        a.adapterType = type;
        a.localPartitionId = local;
        a.requiredAdapter = false;
        a.virtualSlotNumber = slot;
        a.remoteLogicalPartitionId = remote;
        a.remoteSlotNumber = remoteSlot;
        return a;
    }

    private void resolveStorage(String vios, ScsiStorage s) {
        if (s == null) {
            throw new SimError(400, "Bad Request", "mapping has no storage");
        }
        if (s.virtualDisk != null) {
            VirtualDisk d = volumeGroups.entrySet().stream().filter(e -> vios.equals(vgVios.get(e.getKey())))
                    .flatMap(e -> e.getValue().virtualDisks.disks.stream())
                    .filter(x -> x.diskName.equals(s.virtualDisk.diskName)).findFirst()
                    .orElseThrow(() -> new SimError(400, "Bad Request", "no virtual disk " + s.virtualDisk.diskName
                            + " on this VIOS"));
            s.virtualDisk = copyDisk(d);
        } else if (s.logicalUnit != null) {
            LogicalUnit lu = ssps.values().stream().flatMap(p -> p.logicalUnits.units.stream())
                    .filter(u -> Objects.equals(u.uniqueDeviceId, s.logicalUnit.uniqueDeviceId)
                            || u.unitName.equals(s.logicalUnit.unitName)).findFirst()
                    .orElseThrow(() -> new SimError(400, "Bad Request", "no logical unit " + s.logicalUnit.unitName));
            lu.inUse = true;
            s.logicalUnit = LogicalUnit.of(lu.unitName, lu.unitCapacity, lu.logicalUnitType, null);
            s.logicalUnit.uniqueDeviceId = lu.uniqueDeviceId;
        } else if (s.physicalVolume != null) {
            PhysicalVolume pv = vioses.get(vios).physicalVolumes.volumes.stream()
                    .filter(p -> Objects.equals(p.uniqueDeviceId, s.physicalVolume.uniqueDeviceId)).findFirst()
                    .orElseThrow(() -> new SimError(400, "Bad Request", "VIOS does not see a volume with id "
                            + s.physicalVolume.uniqueDeviceId));
            s.physicalVolume = PhysicalVolume.ref(pv.volumeName, pv.uniqueDeviceId);
        } else {
            throw new SimError(400, "Bad Request", "mapping has empty storage");
        }
    }

    private static VirtualDisk copyDisk(VirtualDisk d) {
        VirtualDisk c = VirtualDisk.of(d.diskName, d.diskCapacity, null);
        c.uniqueDeviceId = d.uniqueDeviceId;
        return c;
    }

    private boolean mapped(String storageName) {
        return vioses.values().stream().flatMap(v -> v.scsiMappings.mappings.stream())
                .anyMatch(m -> storageName.equals(m.storage.name()));
    }

    private void updateVolumeGroup(String vios, VolumeGroup current, VolumeGroup sent) {
        Set<String> keep = new HashSet<>();
        double used = 0;
        for (VirtualDisk d : sent.virtualDisks.disks) {
            if (d.diskName == null || d.diskCapacity == null || d.diskCapacity <= 0) {
                throw new SimError(400, "Bad Request", "virtual disk needs a name and a positive capacity");
            }
            if (!keep.add(d.diskName)) {
                throw new SimError(409, "Conflict", "two virtual disks named " + d.diskName);
            }
            if (d.uniqueDeviceId == null) {
                if (d.baseImage != null && current.virtualDisks.disks.stream()
                        .noneMatch(x -> d.baseImage.equals(x.uniqueDeviceId))) {
                    throw new SimError(400, "Bad Request", "base image " + d.baseImage + " is not in the group");
                }
                d.uniqueDeviceId = current.uniqueDeviceId + "." + ids.incrementAndGet();
            }
            used += d.diskCapacity;
        }
        for (VirtualDisk d : current.virtualDisks.disks) {
            if (!keep.contains(d.diskName) && mapped(d.diskName)) {
                throw new SimError(409, "Conflict", "virtual disk " + d.diskName + " is mapped; unmap it first");
            }
        }
        if (used > current.groupCapacity) {
            throw new SimError(400, "Bad Request", "volume group " + current.groupName + " has not enough space");
        }
        current.virtualDisks.disks = new ArrayList<>(sent.virtualDisks.disks);
        current.freeSpace = current.groupCapacity - used;
        current.availableSize = current.freeSpace;
    }

    private Resp ssp(String method, String id, byte[] body, String ifMatch, boolean conflict) {
        if (id == null) {
            return feed(href("SharedStoragePool"), ssps.entrySet().stream()
                    .map(e -> feedEntry("SharedStoragePool", e.getKey(), href("SharedStoragePool", e.getKey()),
                            e.getValue())).toList());
        }
        SharedStoragePool p = found(ssps.get(id), "SharedStoragePool", id);
        if (method.equals("POST")) {
            checkEtag(id, ifMatch, conflict);
            SharedStoragePool sent = PowerVmXml.unmarshal(body, SharedStoragePool.class);
            Set<String> keep = new HashSet<>();
            double used = 0;
            for (LogicalUnit u : sent.logicalUnits.units) {
                if (u.unitName == null || u.unitCapacity == null || u.unitCapacity <= 0) {
                    throw new SimError(400, "Bad Request", "logical unit needs a name and a positive capacity");
                }
                if (!keep.add(u.unitName)) {
                    throw new SimError(409, "Conflict", "two logical units named " + u.unitName);
                }
                if (u.uniqueDeviceId == null) {
                    if (u.clonedFrom != null && p.logicalUnits.units.stream()
                            .noneMatch(x -> u.clonedFrom.equals(x.uniqueDeviceId))) {
                        throw new SimError(400, "Bad Request", "clone source " + u.clonedFrom + " is not in the pool");
                    }
                    u.uniqueDeviceId = "27" + Integer.toHexString(ids.incrementAndGet()) + p.uniqueDeviceId;
                    u.inUse = false;
                }
                used += u.unitCapacity;
            }
            for (LogicalUnit u : p.logicalUnits.units) {
                if (!keep.contains(u.unitName) && mapped(u.unitName)) {
                    throw new SimError(409, "Conflict", "logical unit " + u.unitName + " is mapped; unmap it first");
                }
            }
            p.logicalUnits.units = new ArrayList<>(sent.logicalUnits.units);
            p.freeSpace = p.capacity - used;
            touch(id);
            event("MODIFY_URI", href("SharedStoragePool", id));
        }
        return entry("SharedStoragePool", id, href("SharedStoragePool", id), p, false);
    }

    // ------------------------------------------------------------------ jobs

    private static final Set<String> LPAR_OPS = Set.of("PowerOn", "PowerOff", "MigrateValidate", "Migrate",
            "MigrateAbort");

    private Resp jobStart(String method, String group, String target, String op, byte[] body) {
        if (!group.equals("LogicalPartition") || !LPAR_OPS.contains(op)) {
            throw new SimError(404, "Not Found", "no operation " + op + " on " + group);
        }
        if (method.equals("GET")) {
            AtomEntry e = new AtomEntry();
            e.id = newUuid();
            e.title = "JobRequest";
            e.published = published();
            e.content = new AtomContent(Namespaces.webType("JobRequest"), JobRequest.template(op, group));
            return new Resp(200, PowerVmXml.marshal(e), null);
        }
        if (!method.equals("PUT")) {
            throw new SimError(405, "Method Not Allowed", method + " on a job");
        }
        JobRequest req = PowerVmXml.unmarshal(body, JobRequest.class);
        Map<String, String> params = new LinkedHashMap<>();
        for (JobParameter p : req.parameters.parameters) {
            params.put(p.name, p.value);
        }
        String id = Long.toString(++clock);
        SimJob job = new SimJob(id, op, group, target, params, jobPolls);
        jobs.put(id, job);
        if (op.equals("MigrateAbort")) {
            jobs.values().stream().filter(j -> j.operation.equals("Migrate") && j.target.equals(target)
                    && !j.status.isDone()).forEach(j -> {
                        j.status = JobStatus.COMPLETED_WITH_ERROR;
                        j.result = "HSCLA27C The migration was stopped by an abort request.";
                    });
        }
        return jobEntry(job);
    }

    private Resp job(String method, String[] s) {
        if (s.length < 2) {
            throw new SimError(404, "Not Found", "no job id");
        }
        SimJob job = found(jobs.get(s[1]), "Job", s[1]);
        if (s.length == 3 && s[2].equals("cancel") && (method.equals("POST") || method.equals("PUT"))) {
            cancelledJobs.add(job.id);
            if (!job.status.isDone()) {
                job.status = JobStatus.COMPLETED_WITH_ERROR;
                job.result = "The job was cancelled.";
            }
            return new Resp(200, null, null);
        }
        if (method.equals("DELETE")) {
            jobs.remove(job.id);
            return new Resp(204, null, null);
        }
        advance(job);
        return jobEntry(job);
    }

    private void advance(SimJob job) {
        if (job.status.isDone()) {
            return;
        }
        job.polls++;
        if (faults.isHeld(job.operation)) {
            return;
        }
        if (job.pollsLeft > 0) {
            job.pollsLeft--;
            return;
        }
        Optional<JobStatus> forced = faults.takeJobFault(job.operation, job.params);
        if (forced.isPresent()) {
            job.status = forced.get();
            job.result = "HSCL0000 Simulated failure of " + job.operation + ".";
            return;
        }
        String error = apply(job);
        job.status = error == null ? JobStatus.COMPLETED_OK : JobStatus.COMPLETED_WITH_ERROR;
        job.result = error == null ? "" : error;
    }

    private Resp jobEntry(SimJob job) {
        JobResponse r = new JobResponse();
        r.requestUrl = new JobResponse.RequestUrl();
        r.requestUrl.href = job.group + "/" + job.target + "/do/" + job.operation;
        r.targetUuid = job.target;
        r.jobId = job.id;
        r.timeStarted = clock;
        r.status = job.status.name();
        r.request = JobRequest.template(job.operation, job.group);
        job.params.forEach(r.request::parameter);
        r.progress = new JobResponse.Progress();
        r.progress.linearProgress = job.status.isDone() ? 1.0 : Math.min(0.9, job.polls / (double) (jobPolls + 2));
        if (job.status.isDone()) {
            r.timeCompleted = clock;
            r.addResult("returnCode", job.status.isSuccess() ? "0" : "1");
            if (!job.result.isEmpty()) {
                r.addResult("result", job.result);
            }
        }
        return entry("JobResponse", job.id, href("jobs", job.id), r, true);
    }

    /** Applies a finished job; returns an error message, or null on success. */
    private String apply(SimJob job) {
        LogicalPartition l = lpars.get(job.target);
        if (l == null) {
            return "HSCL0005 The partition " + job.target + " no longer exists.";
        }
        switch (job.operation) {
            case "PowerOn":
                if (!NOT_ACTIVATED.equals(l.partitionState)) {
                    return "HSCL05DF The partition is not in a state under which this operation can be performed.";
                }
                l.partitionState = RUNNING;
                l.rmcState = rmcActiveAfterBoot ? "active" : "inactive";
                break;
            case "PowerOff":
                if (NOT_ACTIVATED.equals(l.partitionState)) {
                    return "HSCL05DF The partition is not in a state under which this operation can be performed.";
                }
                if ("osshutdown".equals(job.params.get("operation")) && !"active".equals(l.rmcState)) {
                    return "HSCL1558 The operating system shutdown needs an active RMC connection.";
                }
                boolean restart = "true".equals(job.params.get("restart"));
                l.partitionState = restart ? RUNNING : NOT_ACTIVATED;
                l.rmcState = restart && rmcActiveAfterBoot ? "active" : "inactive";
                break;
            case "MigrateValidate":
            case "Migrate":
                String error = validateMigration(l, job.params.get("TargetManagedSystemName"));
                if (error != null || job.operation.equals("MigrateValidate")) {
                    return error;
                }
                migrate(l, job.params.get("TargetManagedSystemName"));
                break;
            case "MigrateAbort":
                break;
            default:
                return "unknown operation " + job.operation;
        }
        touch(l.uuid());
        event("MODIFY_URI", href("LogicalPartition", l.uuid()));
        return null;
    }

    private String validateMigration(LogicalPartition l, String targetName) {
        ManagedSystem target = systems.values().stream().filter(s -> s.systemName.equals(targetName)).findFirst()
                .orElse(null);
        if (target == null) {
            return "HSCLA318 The destination managed system " + targetName + " does not exist.";
        }
        if (target.uuid().equals(lparSystem.get(l.uuid()))) {
            return "HSCLA319 The partition is already on " + targetName + ".";
        }
        for (VirtualIOServer v : vioses.values()) {
            for (VirtualScsiMapping m : v.scsiMappings.mappings) {
                if (l.uuid().equals(m.lparUuid()) && m.storage.virtualDisk != null) {
                    return "HSCLA2CF The partition uses the local virtual disk " + m.storage.virtualDisk.diskName
                            + ", which the destination cannot reach.";
                }
            }
        }
        return null;
    }

    private void migrate(LogicalPartition l, String targetName) {
        String target = systemUuid(targetName);
        String targetVios = viosSystem.entrySet().stream().filter(e -> e.getValue().equals(target))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        for (VirtualIOServer v : vioses.values()) {
            if (v.uuid().equals(targetVios)) {
                continue;
            }
            List<VirtualScsiMapping> scsi = v.scsiMappings.mappings.stream().filter(m -> l.uuid().equals(m.lparUuid()))
                    .toList();
            List<VirtualFibreChannelMapping> fc = v.fcMappings.mappings.stream()
                    .filter(m -> l.uuid().equals(m.lparUuid())).toList();
            if (!scsi.isEmpty() || !fc.isEmpty()) {
                v.scsiMappings.mappings.removeAll(scsi);
                v.fcMappings.mappings.removeAll(fc);
                vioses.get(targetVios).scsiMappings.mappings.addAll(scsi);
                vioses.get(targetVios).fcMappings.mappings.addAll(fc);
                touch(v.uuid());
                touch(targetVios);
            }
        }
        lparSystem.put(l.uuid(), target);
        l.migrationState = "Not_Migrating";
    }

    // ------------------------------------------------------------------ events

    private Resp events(String query) {
        String app = "default";
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith("QUEUE_APPLICATIONID=")) {
                    app = kv.substring("QUEUE_APPLICATIONID=".length());
                }
            }
        }
        lock.lock();
        try {
            Integer cursor = eventCursors.get(app);
            if (cursor == null) {
                eventCursors.put(app, events.size());
                Event hello = new Event();
                hello.metadata = Metadata.of(newUuid(), ++clock);
                hello.eventType = "NEW_CLIENT";
                hello.eventId = Long.toString(clock);
                hello.eventData = "";
                hello.eventDetail = "";
                return feed(href("Event"), List.of(feedEntry("Event", hello.metadata.atom.atomId, href("Event"),
                        hello)));
            }
            long waitNanos = eventWait.toNanos();
            while (events.size() <= cursor && waitNanos > 0) {
                try {
                    waitNanos = eventsChanged.awaitNanos(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<AtomEntry> out = new ArrayList<>();
            for (Event e : events.subList(cursor, events.size())) {
                out.add(feedEntry("Event", e.metadata.atom.atomId, href("Event", e.metadata.atom.atomId), e));
            }
            eventCursors.put(app, events.size());
            return feed(href("Event"), out);
        } finally {
            lock.unlock();
        }
    }

    /** Builds a {@link PowerVmSimulator}. */
    public static final class Builder {
        private String user = "hscroot";
        private String password = "sim-Passw0rd";
        private int jobPolls;
        private Duration eventWait = Duration.ofMillis(200);
        private boolean rmcActiveAfterBoot = true;

        private Builder() {
        }

        /** The credentials the simulator accepts. */
        public Builder credentials(String userId, String secret) {
            this.user = Objects.requireNonNull(userId);
            this.password = Objects.requireNonNull(secret);
            return this;
        }

        /** How many status polls a job stays RUNNING before it finishes (default 0: the first poll ends it). */
        public Builder jobPolls(int polls) {
            if (polls < 0) {
                throw new IllegalArgumentException("jobPolls must not be negative, was " + polls);
            }
            this.jobPolls = polls;
            return this;
        }

        /** How long an event long-poll is held open when there is nothing new (default 200 ms). */
        public Builder eventWait(Duration wait) {
            this.eventWait = Objects.requireNonNull(wait);
            return this;
        }

        /** Whether a booted LPAR gets an active RMC connection (default true). */
        public Builder rmcActiveAfterBoot(boolean active) {
            this.rmcActiveAfterBoot = active;
            return this;
        }

        /** Starts the simulator on a free loopback port. */
        public PowerVmSimulator start() {
            try {
                return new PowerVmSimulator(this);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the PowerVM simulator", e);
            }
        }
    }

}
