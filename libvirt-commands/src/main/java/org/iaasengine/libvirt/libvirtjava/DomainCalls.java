package org.iaasengine.libvirt.libvirtjava;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.iaasengine.libvirt.driver.Absence;
import org.iaasengine.libvirt.driver.DeviceScope;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.FinishedJob;
import org.iaasengine.libvirt.driver.JobProgress;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.ShutdownMode;
import org.iaasengine.libvirt.libvirtjava.Errors.Call;
import org.libvirt.Domain;
import org.libvirt.DomainJobInfo;
import org.libvirt.LibvirtException;

/**
 * The calls of {@link LibvirtJavaDriver} that change a domain (define, create, start, shutdown,
 * destroy, undefine, suspend, resume, reboot) or read and abort its job, each through the
 * driver's supervised connection with the domain handle freed in a {@code finally}.
 */
final class DomainCalls {
    private static final int START_PAUSED = 1;
    private static final int JOB_NONE = 0;

    private final ConnectionSupervisor supervisor;
    private final DomainHandles handles;
    private final Function<String, Optional<DomainSummary>> lookup;

    /** {@code lookup} is the driver's: it tells a name clash from another failure. */
    DomainCalls(ConnectionSupervisor supervisor, DomainHandles handles,
            Function<String, Optional<DomainSummary>> lookup) {
        this.supervisor = supervisor;
        this.handles = handles;
        this.lookup = lookup;
    }

    DomainSummary define(String xml) {
        Objects.requireNonNull(xml, "xml");
        String name = DomainXml.name(xml).orElse("?");
        try {
            return supervisor.call(Call.of("define", name),
                    c -> handles.withHandle(c.domainDefineXML(xml), BulkCalls::summary));
        } catch (DriverException e) {
            throw nameClash(e, name);
        }
    }

    DomainSummary create(String xml, boolean paused) {
        Objects.requireNonNull(xml, "xml");
        String name = DomainXml.name(xml).orElse("?");
        try {
            return supervisor.call(Call.of("create", name),
                    c -> handles.withHandle(c.domainCreateXML(xml, paused ? START_PAUSED : 0),
                            BulkCalls::summary));
        } catch (DriverException e) {
            throw nameClash(e, name);
        }
    }

    /**
     * libvirt reports "domain 'x' already exists with uuid ..." (another UUID, same name) as
     * OPERATION_FAILED, the number it also uses for failures of every other kind. When that number
     * comes back and a domain of that name does exist, the failure is reported as DOM_EXIST
     * (CONFLICT): decided by the number plus a lookup, never by the message.
     */
    private DriverException nameClash(DriverException e, String name) {
        if (e.error() != LibvirtError.OPERATION_FAILED || "?".equals(name)) {
            return e;
        }
        try {
            Optional<DomainSummary> existing = lookup.apply(name);
            if (existing.isPresent()) {
                return new DriverException(LibvirtError.DOM_EXIST, e.getMessage() + "; a domain named '" + name
                        + "' already exists (uuid " + existing.get().uuid() + ")", e);
            }
        } catch (DriverException lookupFailure) {
            e.addSuppressed(lookupFailure);
        }
        return e;
    }

    void start(String name, boolean paused) {
        run(Call.of("start", name), d -> d.create(paused ? START_PAUSED : 0));
    }

    /** DEFAULT through libvirt-java's {@code shutdown()}; ACPI and AGENT through {@code virDomainShutdownFlags} (JNA). */
    void shutdown(String name, ShutdownMode mode) {
        Objects.requireNonNull(mode, "mode");
        LibvirtJavaDriver.checkName(name);
        Call call = Call.of("shutdown", name);
        if (mode == ShutdownMode.DEFAULT) {
            run(call, Domain::shutdown);
            return;
        }
        int flags = mode == ShutdownMode.ACPI ? VirtNative.SHUTDOWN_ACPI : VirtNative.SHUTDOWN_AGENT;
        supervisor.call(call, c -> handles.withRawDomain(c.pointer(), name, dom -> {
            if (VirtNative.LIB.virDomainShutdownFlags(dom, flags) < 0) {
                throw NativeError.last("virDomainShutdownFlags");
            }
            return null;
        }));
    }

    void destroy(String name) {
        run(Call.of("destroy", name), Domain::destroy);
    }

    void undefine(String name) {
        run(Call.of("undefine", name), Domain::undefine);
    }

    void suspend(String name) {
        run(Call.of("suspend", name), Domain::suspend);
    }

    void resume(String name) {
        run(Call.of("resume", name), Domain::resume);
    }

    void reboot(String name) {
        run(Call.of("reboot", name), d -> d.reboot(0));
    }

    void attachDevice(String name, String deviceXml, DeviceScope scope) {
        Objects.requireNonNull(deviceXml, "deviceXml");
        Objects.requireNonNull(scope, "scope");
        run(Call.of("attach-device", name), d -> d.attachDeviceFlags(deviceXml, scope.flags()));
    }

    void detachDevice(String name, String deviceXml, DeviceScope scope) {
        Objects.requireNonNull(deviceXml, "deviceXml");
        Objects.requireNonNull(scope, "scope");
        run(Call.of("detach-device", name), d -> d.detachDeviceFlags(deviceXml, scope.flags()));
    }

    /** Work on a domain that returns nothing. */
    @FunctionalInterface
    private interface DomainAction {
        void apply(Domain d) throws LibvirtException;
    }

    private void run(Call call, DomainAction action) {
        LibvirtJavaDriver.checkName(call.domain());
        supervisor.call(call, c -> handles.withDomain(c, call.domain(), d -> {
            action.apply(d);
            return null;
        }));
    }

    /**
     * {@code virDomainGetJobInfo}; empty when no job runs or the domain is not here or not running
     * ({@link Absence}).
     */
    Optional<JobProgress> jobProgress(String name) {
        LibvirtJavaDriver.checkName(name);
        return Absence.emptyIfNoJob(() -> supervisor.call(Call.of("domjobinfo", name),
                c -> handles.withDomain(c, name, d -> {
                    DomainJobInfo j = d.getJobInfo();
                    if (j.getType() == JOB_NONE) {
                        return Optional.<JobProgress>empty();
                    }
                    return Optional.of(new JobProgress(j.getTimeElapsed(), j.getDataTotal(), j.getDataProcessed(),
                            j.getDataRemaining()));
                })));
    }

    void abortJob(String name) {
        run(Call.of("domjobabort", name), Domain::abortJob);
    }

    /** {@code virDomainBackupBegin} (JNA: libvirt-java has no backup calls), push mode, no checkpoint. */
    void backupBegin(String name, String backupXml) {
        Objects.requireNonNull(backupXml, "backupXml");
        LibvirtJavaDriver.checkName(name);
        supervisor.call(Call.of("backup-begin", name), c -> handles.withRawDomain(c.pointer(), name, dom -> {
            if (VirtNative.LIB.virDomainBackupBegin(dom, backupXml, null, 0) < 0) {
                throw NativeError.last("virDomainBackupBegin");
            }
            return null;
        }));
    }

    /** {@code virDomainGetJobStats} with {@code VIR_DOMAIN_JOB_STATS_COMPLETED} (JNA). */
    Optional<FinishedJob> finishedJob(String name) {
        LibvirtJavaDriver.checkName(name);
        return Absence.emptyIfNoJob(() -> supervisor.call(Call.of("domjobinfo-completed", name),
                c -> handles.withRawDomain(c.pointer(), name, dom -> {
                    IntByReference type = new IntByReference();
                    PointerByReference params = new PointerByReference();
                    IntByReference nparams = new IntByReference();
                    if (VirtNative.LIB.virDomainGetJobStats(dom, type, params, nparams,
                            VirtNative.JOB_STATS_COMPLETED) < 0) {
                        throw NativeError.last("virDomainGetJobStats");
                    }
                    try {
                        FinishedJob.Outcome outcome = FinishedJob.Outcome.ofCode(type.getValue());
                        if (outcome == null) {
                            return Optional.<FinishedJob>empty();
                        }
                        Map<String, String> fields = params.getValue() == null ? Map.of()
                                : TypedParameters.read(params.getValue(), nparams.getValue());
                        return Optional.of(new FinishedJob(
                                FinishedJob.Operation.ofCode(Integer.parseInt(fields.getOrDefault("operation", "0"))),
                                outcome, fields.get("errmsg")));
                    } finally {
                        if (params.getValue() != null) {
                            VirtNative.LIB.virTypedParamsFree(params.getValue(), nparams.getValue());
                        }
                    }
                })));
    }
}
