package org.iaasengine.powervm.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.iaasengine.powervm.rest.PowerVmConfig;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.VirtualFibreChannelMapping;
import org.iaasengine.powervm.xml.uom.ScsiStorage;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VirtualOpticalMedia;
import org.iaasengine.powervm.xml.uom.VirtualScsiMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful PowerVM REST simulator on a loopback port. The default topology: two managed systems
 * ({@code sim-a}, {@code sim-b}), one VIOS each ({@code vios-a}, {@code vios-b}) with a volume
 * group {@code rootvg}, Fibre Channel ports {@code fcs0} and {@code fcs1}, and one shared storage
 * pool {@code ssp1} seen by both. It is as strict as an HMC: a request body must have its elements
 * in the schema's order, every update needs a current If-Match etag, a job answers NOT_STARTED and
 * stays RUNNING for {@link Builder#jobPolls(int)} status polls (2 by default), every change is an
 * event on the long-poll feed with its details, and answers are written in the schema's order.
 *
 * <p>This class is the simulator's public face (start, stop, test controls and views); each REST
 * resource is its own package-private class: {@code HttpFront} and {@code Sessions} (HTTP, logon),
 * {@code UomRouter} (the URL map), {@code ManagedSystems}, {@code Lpars}, {@code NetworkAdapters},
 * {@code Vioses} and {@code ViosResource} (VIOSes and their mappings), {@code VolumeGroups},
 * {@code StoragePools}, {@code Jobs} and {@code JobEffects}, {@code EventFeed}, {@code WebFiles} (the
 * REST File API below {@code /rest/api/web/File}) and {@code DiskContents} (the bytes on the disks),
 * over the shared {@code SimState}.
 *
 * <pre>{@code
 * try (PowerVmSimulator sim = PowerVmSimulator.builder().jobPolls(3).start()) {
 *     PowerVmClient client = PowerVmClient.connect(sim.config().build());
 *     sim.faults().failJob("PowerOn", JobStatus.COMPLETED_WITH_ERROR, 1);
 *     ...
 * }
 * }</pre>
 */
public final class PowerVmSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PowerVmSimulator.class);

    static {
        // The JDK HttpServer reads this once: without TCP_NODELAY every small answer waits ~40 ms
        // for a delayed ACK, which makes a loopback simulator needlessly slow.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String user;
    private final String password;
    private final Duration eventWait;
    private final URI uri;
    private final SimFaults faults = new SimFaults();
    private final SimState state;
    private final Sessions sessions;
    private final ManagedSystems systems;
    private final Lpars lpars;
    private final NetworkAdapters adapters;
    private final Vioses vioses;
    private final VolumeGroups volumeGroups;
    private final StoragePools pools;
    private final ViosResource viosResource;
    private final Jobs jobs;
    private final JobEffects effects;
    private final DiskContents contents = new DiskContents();
    private final WebFiles files;
    private final HttpFront front;

    private PowerVmSimulator(Builder b) throws IOException {
        this.user = b.user;
        this.password = b.password;
        this.eventWait = b.eventWait;
        HttpServer server = HttpFront.bind();
        this.uri = HttpFront.uriOf(server);
        this.state = new SimState(uri);
        AtomAnswers answers = new AtomAnswers(state);
        EventFeed events = new EventFeed(state, answers, eventWait);
        this.sessions = new Sessions(state, user, password);
        this.adapters = new NetworkAdapters(state, answers, events);
        this.lpars = new Lpars(state, answers, events, adapters);
        this.vioses = new Vioses(state);
        this.systems = new ManagedSystems(state, answers, lpars, vioses);
        this.volumeGroups = new VolumeGroups(state, answers, events, vioses).withContents(contents);
        this.pools = new StoragePools(state, answers, events, vioses).withContents(contents);
        this.viosResource = new ViosResource(state, answers, events, vioses, lpars, volumeGroups, pools);
        this.effects = new JobEffects(state, events, systems, lpars, vioses, b.rmcActiveAfterBoot);
        this.jobs = new Jobs(state, answers, faults, effects, b.jobPolls);
        seed();
        if (b.dualVios) {
            // after the seed, so that the seed's ids stay what they are without the second VIOSes;
            // partition id 99: client LPARs count up from 2
            vioses.add(systems.uuidOf("sim-a"), "vios-a2", 99);
            vioses.add(systems.uuidOf("sim-b"), "vios-b2", 99);
        }
        this.files = new WebFiles(state, answers, vioses, volumeGroups, pools, contents, vioses::addMedia);
        this.front = new HttpFront(server, sessions, faults,
                new UomRouter(state, events, systems, lpars, vioses, viosResource, volumeGroups, pools, jobs), answers,
                files, state.lock());
        LOG.info("PowerVM simulator listening on {}", uri);
    }

    /** Two systems with a VIOS and its {@code rootvg} each, and the pool {@code ssp1} (ids in this order). */
    private void seed() {
        String a = systems.add("sim-a");
        String b = systems.add("sim-b");
        volumeGroups.add(vioses.add(a, "vios-a"), "rootvg");
        volumeGroups.add(vioses.add(b, "vios-b"), "rootvg");
        pools.add("ssp1");
    }

    /** A simulator with the defaults (user {@code hscroot}, jobs RUNNING for two polls). */
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
        front.close();
    }

    // ------------------------------------------------------------------ test controls and views

    /** Invalidates every session: the next request of each client gets 401. */
    public void expireSessions() {
        sessions.expireAll();
    }

    /** The number of valid sessions. */
    public int sessionCount() {
        return sessions.count();
    }

    /** Every request so far, as {@code METHOD path} (path below {@code /rest/api/}). */
    public List<String> requests() {
        return front.requests();
    }

    /**
     * The ids of jobs started by a request whose answer was lost ({@link SimFaults.Kind#LOST_REPLY}):
     * jobs their client could not learn of, so could neither watch nor cancel.
     */
    public List<String> unansweredJobs() {
        return jobs.unanswered();
    }

    /** The ids of jobs a client cancelled. */
    public List<String> cancelledJobs() {
        return jobs.cancelled();
    }

    /** The UUID of a managed system by name. */
    public String systemUuid(String name) {
        return state.withLock(() -> systems.uuidOf(name));
    }

    /** The UUID of a VIOS by name. */
    public String viosUuid(String name) {
        return state.withLock(() -> vioses.uuidOf(name));
    }

    /** The UUID of the volume group {@code name} of a VIOS. */
    public String volumeGroupUuid(String viosName, String name) {
        String vios = viosUuid(viosName);
        return state.withLock(() -> volumeGroups.uuidOf(vios, name));
    }

    /** The UUID of the shared storage pool {@code name}. */
    public String sspUuid(String name) {
        return state.withLock(() -> pools.uuidOf(name));
    }

    /** The UUID of the LPAR {@code name}, if it exists. */
    public Optional<String> lparUuid(String name) {
        return state.withLock(() -> lpars.uuidOf(name));
    }

    /** Makes a Fibre Channel LUN visible to a VIOS as a physical volume (for vSCSI attach). */
    public void addFcVolume(String viosName, String volumeName, String udid, long capacityMb) {
        String vios = viosUuid(viosName);
        state.withLock(() -> {
            vioses.addFcVolume(vios, volumeName, udid, capacityMb);
            return null;
        });
    }

    /** Puts an optical medium (an ISO such as a configuration drive) in the media repository of a VIOS. */
    public void addOpticalMedia(String viosName, String mediaName) {
        String vios = viosUuid(viosName);
        state.withLock(() -> {
            vioses.addMedia(vios, mediaName);
            return null;
        });
    }

    /** Maps an optical medium of the VIOS's repository to an LPAR, as another tool would. */
    public void mapOpticalMedia(String viosName, String lparName, String mediaName) {
        addOpticalMedia(viosName, mediaName);
        VirtualOpticalMedia media = VirtualOpticalMedia.ref(mediaName);
        media.mediaUdid = "0e" + Integer.toHexString(mediaName.hashCode());
        media.size = 0.0977;
        mapForeign(viosName, lparName, ScsiStorage.of(media));
    }

    /**
     * Maps storage of a kind the library does not model (element {@code kind}, with a device name)
     * to an LPAR, as another tool would.
     */
    public void mapForeignStorage(String viosName, String lparName, String kind, String deviceName) {
        ScsiStorage storage = new ScsiStorage();
        storage.other.add(SimDom.group(kind, SimDom.uom("DeviceName", deviceName),
                SimDom.uom("UniqueDeviceID", "dev-" + deviceName)));
        mapForeign(viosName, lparName, storage);
    }

    private void mapForeign(String viosName, String lparName, ScsiStorage storage) {
        String vios = viosUuid(viosName);
        String lpar = lparUuid(lparName).orElseThrow(() -> new IllegalArgumentException("no lpar " + lparName));
        state.withLock(() -> {
            viosResource.mapForeign(vios, lpar, storage);
            return null;
        });
    }

    /** The VIOS {@code name} as the REST API gives it (the object's XML), for tests to look into. */
    public String viosXml(String viosName) {
        String vios = viosUuid(viosName);
        return state.withLock(() -> new String(AtomAnswers.inSchemaOrder(vioses.get(vios)),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The names of the Files of the REST File API the server holds (a client must delete each after use). */
    public List<String> files() {
        return state.withLock(files::names);
    }

    /**
     * The SHA-256 (hex) of the bytes on the virtual disk or logical unit named {@code name} (a File
     * upload wrote them, or they were copied from the image the disk was made from); empty when the
     * disk holds none or there is no such disk.
     */
    public Optional<String> diskSha256(String name) {
        return state.withLock(() -> {
            var d = volumeGroups.diskNamed(name);
            if (d != null) {
                return contents.sha256(d.uniqueDeviceId);
            }
            var u = pools.unitNamed(name);
            return u == null ? Optional.<String>empty() : contents.sha256(u.uniqueDeviceId);
        });
    }

    /**
     * Puts {@code bytes} on the virtual disk or logical unit named {@code name}, as a guest writing
     * its disk would (for tests of snapshots).
     */
    public void writeDisk(String name, byte[] bytes) {
        state.withLock(() -> {
            var d = volumeGroups.diskNamed(name);
            String udid = d != null ? d.uniqueDeviceId : java.util.Optional.ofNullable(pools.unitNamed(name))
                    .map(u -> u.uniqueDeviceId).orElseThrow(() -> new IllegalArgumentException("no disk " + name));
            contents.write(udid, bytes);
            return null;
        });
    }

    /** The boot mode ({@code norm}, {@code sms}...) of the last PowerOn of the LPAR {@code name}, if any. */
    public Optional<String> bootMode(String name) {
        return state.withLock(() -> lpars.uuidOf(name).map(effects::bootMode));
    }

    /** The optical media in the media repository of the VIOS {@code viosName}, in the order they came. */
    public List<String> opticalMedia(String viosName) {
        String vios = viosUuid(viosName);
        return state.withLock(() -> vioses.media(vios));
    }

    /** The bytes of the optical medium {@code mediaName} of a VIOS, when a File upload made it. */
    public Optional<byte[]> opticalMediaBytes(String viosName, String mediaName) {
        String vios = viosUuid(viosName);
        return state.withLock(() -> vioses.mediaBytes(vios, mediaName));
    }

    /** Sets the state of an LPAR directly (as if the guest crashed or stopped by itself). */
    public void setLparState(String name, String partitionState) {
        state.withLock(() -> {
            lpars.setState(name, partitionState);
            return null;
        });
    }

    /**
     * The MAC of each client network adapter, by the name of its LPAR, in the order the adapters
     * were plugged (PowerVM's form: 12 upper-case hex digits).
     */
    public Map<String, List<String>> adapterMacs() {
        return state.withLock(() -> {
            Map<String, List<String>> out = new TreeMap<>();
            adapters.forEach((lpar, a) -> out.computeIfAbsent(lpars.get(lpar).partitionName, k -> new ArrayList<>())
                    .add(a.macAddress));
            return out;
        });
    }

    /** Everything the simulator holds now, as plain values. */
    public SimSnapshot snapshot() {
        return state.withLock(() -> {
            Map<String, String> l = new TreeMap<>();
            Map<String, String> ls = new TreeMap<>();
            for (LogicalPartition p : lpars.all()) {
                l.put(p.partitionName, p.partitionState);
                ls.put(p.partitionName, systems.nameOf(lpars.systemOf(p.uuid())));
            }
            List<String> cnas = new ArrayList<>();
            adapters.forEach((lpar, a) -> cnas.add(lpars.get(lpar).partitionName + "/" + a.portVlanId));
            List<String> scsi = new ArrayList<>();
            List<String> fc = new ArrayList<>();
            for (VirtualIOServer v : vioses.all()) {
                for (VirtualScsiMapping m : v.scsiMappings.mappings) {
                    scsi.add(v.partitionName + ":" + lpars.nameOf(m.lparUuid()) + "->" + storageName(m.storage));
                }
                for (VirtualFibreChannelMapping m : v.fcMappings.mappings) {
                    fc.add(v.partitionName + ":" + lpars.nameOf(m.lparUuid()) + "->" + m.portName());
                }
            }
            return new SimSnapshot(l, ls, cnas, volumeGroups.diskNames(), pools.unitNames(), scsi, fc,
                    jobs.running());
        });
    }

    private static String storageName(org.iaasengine.powervm.xml.uom.ScsiStorage s) {
        if (s == null) {
            return "<no storage>";
        }
        return s.name() != null ? s.name() : "<" + s.otherKind() + ">";
    }

    /** Builds a {@link PowerVmSimulator}. */
    public static final class Builder {
        private String user = "hscroot";
        private String password = "sim-Passw0rd";
        private int jobPolls = 2;
        private Duration eventWait = Duration.ofMillis(200);
        private boolean rmcActiveAfterBoot = true;
        private boolean dualVios;

        private Builder() {
        }

        /**
         * Whether each managed system gets a second VIOS ({@code vios-a2} on {@code sim-a},
         * {@code vios-b2} on {@code sim-b}, ports {@code fcs0}/{@code fcs1}, no volume group), as a
         * dual-VIOS system for redundant volume paths has (default false). Which VIOSes see a LUN is
         * up to {@link PowerVmSimulator#addFcVolume}.
         */
        public Builder dualVios(boolean dual) {
            this.dualVios = dual;
            return this;
        }

        /** The credentials the simulator accepts. */
        public Builder credentials(String userId, String secret) {
            this.user = Objects.requireNonNull(userId);
            this.password = Objects.requireNonNull(secret);
            return this;
        }

        /**
         * How many status polls see a job RUNNING before the next one sees it finished (default 2;
         * 0: the first poll ends it).
         */
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
