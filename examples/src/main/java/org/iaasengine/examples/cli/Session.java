package org.iaasengine.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineListener;
import org.iaasengine.examples.support.HostReader;
import org.iaasengine.journal.JournalRecovery;
import org.iaasengine.journal.RecoveryReport;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.libvirt.actions.LibvirtPlanContext;
import org.iaasengine.libvirt.actions.LibvirtRegistry;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;

/**
 * What one invocation of the tool works with: the host (named by its URI in the model), the
 * definition store under the state directory, a fresh model read from the host, the actions and an
 * engine. Closing it closes the engine and gives the drivers back.
 */
final class Session implements AutoCloseable {
    private final IaasCli cli;
    private final DefinitionStore store;
    private final List<LibvirtDriver> opened = new ArrayList<>();
    private final LibvirtHost host;
    private final ResourceModel model = new ResourceModel();
    private final LibvirtActions actions;
    private final Engine engine;
    private final SqlJournal journal;

    private Session(IaasCli cli, Duration shutdownGrace) {
        this.cli = cli;
        this.store = DefinitionStore.open(stateDir(cli).resolve("definitions"));
        this.host = connect(cli.uri);
        LibvirtActions a = new LibvirtActions(model).actionTimeout(cli.timeout).migrationTimeout(cli.timeout);
        if (shutdownGrace != null) {
            a = a.shutdownGrace(shutdownGrace).acpiResend(Duration.ofSeconds(Math.max(1,
                    Math.min(10, shutdownGrace.toSeconds() / 3))));
        }
        this.actions = a;
        this.journal = cli.noJournal ? null : openJournal(cli);
        Engine.Builder b = Engine.builder().workers(2).closeGrace(Duration.ofSeconds(10));
        this.engine = (journal == null ? b : b.journal(journal)).build();
    }

    /** The journal file of the tool: {@code --journal}, else {@code journal.db} in the state directory. */
    static Path journalFile(IaasCli cli) {
        return cli.journal != null ? cli.journal : stateDir(cli).resolve("journal.db");
    }

    static SqlJournal openJournal(IaasCli cli) {
        return SqlJournal.sqlite(journalFile(cli)).owner("iaas-cli").open();
    }

    /**
     * Settles what an earlier invocation that died left in the journal, for the actions on this
     * session's host (those of another host stay pending until the tool runs against it), and
     * reports each on stderr.
     */
    RecoveryReport recover(java.io.PrintWriter err) {
        if (journal == null) {
            return new RecoveryReport(List.of());
        }
        RecoveryReport report = JournalRecovery.recover(engine, journal, LibvirtRegistry.registry(),
                LibvirtPlanContext.of(actions, host), cli.timeout);
        for (RecoveryReport.Outcome o : report.outcomes()) {
            err.println("iaas: recovered " + o.actionName() + " on " + o.resourceKey() + " (" + o.actionId() + ") left by "
                    + "an invocation that died: " + o.result().name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + o.detail());
        }
        err.flush();
        return report;
    }

    /** Opens the session and reads the host into the model; the journal is left as it is. */
    static Session openWithoutRecovery(IaasCli cli) {
        Session s = new Session(cli, null);
        try {
            HostReader.read(s.host, s.model);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Opens the session, reads the host into the model, and settles what an invocation that died
     * left in the journal for this host (reported on {@code err}).
     */
    static Session open(IaasCli cli, Duration shutdownGrace, java.io.PrintWriter err) {
        Session s = new Session(cli, shutdownGrace);
        try {
            HostReader.read(s.host, s.model);
            s.recover(err);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Another host sharing this session's definition store (a migration's destination). */
    LibvirtHost connect(String uri) {
        LibvirtDriver driver;
        try {
            driver = cli.drivers().open(uri, cli.driverKind);
        } catch (LinkageError e) {
            throw new IllegalStateException("libvirt's native library (libvirt.so.0) cannot be loaded: install it "
                    + "with `apt-get install libvirt0` (" + e.getMessage() + ")", e);
        }
        opened.add(driver);
        return LibvirtHost.builder(uri, driver)
                .domainType(domainType(cli, uri))
                .templates(templates(cli))
                .storage(storage(cli))
                .images(images(cli))
                .store(store)
                .build();
    }

    LibvirtHost host() {
        return host;
    }

    ResourceModel model() {
        return model;
    }

    LibvirtActions actions() {
        return actions;
    }

    /** Adds a listener of the engine's events (a progress bar). */
    void listen(EngineListener listener) {
        engine.addListener(listener);
    }

    /** Runs one action, blocking. */
    <R> R run(Action<R> action) {
        return engine.run(action);
    }

    @Override
    public void close() {
        engine.close();
        if (journal != null) {
            journal.close();
        }
        for (LibvirtDriver d : opened) {
            cli.drivers().release(d);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    static Path stateDir(IaasCli cli) {
        if (cli.stateDir != null) {
            return cli.stateDir;
        }
        if (root()) {
            return Path.of("/var/lib/iaas-engine");
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home().resolve(".local/state")).resolve("iaas-engine");
    }

    static Path templates(IaasCli cli) {
        if (cli.templates != null) {
            return cli.templates;
        }
        return root() ? Path.of("/var/lib/iaas-engine/templates") : home().resolve(".local/share/iaas-engine/templates");
    }

    static Path storage(IaasCli cli) {
        if (cli.storage != null) {
            return cli.storage;
        }
        return root() ? Path.of("/var/lib/iaas-engine/storage") : home().resolve(".local/share/iaas-engine/storage");
    }

    /** The image store of backups: {@code --images}, else {@code images} beside the storage directory's default. */
    static Path images(IaasCli cli) {
        if (cli.images != null) {
            return cli.images;
        }
        return root() ? Path.of("/var/lib/iaas-engine/images") : home().resolve(".local/share/iaas-engine/images");
    }

    static String domainType(IaasCli cli, String uri) {
        if (cli.domainType != null) {
            return cli.domainType;
        }
        if (uri.startsWith("test:")) {
            return "test";
        }
        return Files.isReadable(Path.of("/dev/kvm")) ? "kvm" : "qemu";
    }
}
