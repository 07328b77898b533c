package org.iaasengine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end on libvirt's test driver. {@code test:///default} keeps its state only for the
 * life of one connection, so every invocation of a test gets the same driver from an injected
 * factory; each invocation is otherwise what a script runs (fresh model, definition store on disk).
 */
class IaasCliTest {
    private static final String URI = "test:///default";

    @TempDir
    Path dir;

    private LibvirtDriver shared;
    private CliRunner cli;

    @BeforeEach
    void setUp() {
        shared = LibvirtJavaDriver.open(URI);
        DriverFactory factory = new DriverFactory() {
            @Override
            public LibvirtDriver open(String uri, Kind kind) {
                return uri.equals(URI) ? shared : DriverFactory.DEFAULT.open(uri, kind);
            }

            @Override
            public void release(LibvirtDriver driver) {
                if (driver != shared) {
                    driver.close();
                }
            }
        };
        cli = new CliRunner(factory, URI, dir);
    }

    @AfterEach
    void tearDown() {
        shared.close();
    }

    @Test
    void aVmGoesThroughItsLifecycleWithJsonOutputParsedBack() {
        CliRunner.Result created = cli.run("--json", "vm", "create", "--name", "web1", "--memory", "64M", "--cpus", "2",
                "--ip", "10.0.0.5");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        JsonNode vm = created.json();
        assertThat(vm.get("name").asText()).isEqualTo("web1");
        assertThat(vm.get("state").asText()).isEqualTo("RUNNING");
        assertThat(vm.get("host").asText()).isEqualTo(URI);
        assertThat(vm.get("vcpus").asInt()).isEqualTo(2);
        assertThat(vm.get("memoryKiB").asLong()).isEqualTo(64 * 1024);
        assertThat(vm.get("ip").asText()).isEqualTo("10.0.0.5");
        assertThat(vm.get("macs").get(0).asText()).startsWith("52:54:00:");

        assertThat(state("suspend")).isEqualTo("PAUSED");
        assertThat(shared.state("web1").state().name()).isEqualTo("PAUSED");
        assertThat(state("resume")).isEqualTo("RUNNING");
        assertThat(state("shutdown", "--grace", "2s")).isEqualTo("SHUTOFF");
        assertThat(state("start")).isEqualTo("RUNNING");
        assertThat(state("reboot", "--grace", "2s")).isEqualTo("RUNNING");

        JsonNode info = ok("--json", "vm", "info", "web1").json();
        assertThat(info.get("uuid").asText()).isEqualTo(vm.get("uuid").asText());
        assertThat(info.get("ip").asText()).as("kept in the definition store between invocations").isEqualTo("10.0.0.5");
        assertThat(names(ok("vm", "list", "--json").json())).contains("web1", "test");

        JsonNode deleted = ok("vm", "delete", "web1", "--json").json();
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(shared.lookup("web1")).isEmpty();
        assertThat(cli.run("vm", "info", "web1").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void aTransientVmStoppedByOneInvocationIsListedAndStartedByTheNext() {
        ok("vm", "create", "--name", "batch", "--memory", "32M", "--transient");
        ok("vm", "shutdown", "batch");
        assertThat(shared.lookup("batch")).as("libvirt forgot it").isEmpty();
        JsonNode listed = ok("--json", "vm", "list").json();
        assertThat(stream(listed).filter(v -> v.get("name").asText().equals("batch")).findFirst().orElseThrow()
                .get("state").asText()).isEqualTo("SHUTOFF");
        assertThat(state("start", "batch")).isEqualTo("RUNNING");
        assertThat(shared.lookup("batch")).get().extracting(DomainSummary::persistent).isEqualTo(false);
        ok("vm", "delete", "batch");
    }

    @Test
    void exitCodesTellInvalidInputNotFoundConflictAndTimeoutApart() throws Exception {
        CliRunner.Result escape = cli.run("--json", "vm", "create", "--name", "x", "--template", "../../etc/passwd");
        assertThat(escape.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(escape.errorJson().get("category").asText()).isEqualTo("INVALID_INPUT");
        assertThat(escape.errorJson().get("message").asText()).contains("../../etc/passwd");
        assertThat(cli.run("vm", "create", "--name", "x", "--memory", "lots").exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.run("vm", "create", "--name", "x", "--cpus", "0").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.run("vm", "create", "--name", "a/b").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.run("vm", "create").exitCode()).as("--name missing").isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.run("vm", "frobnicate").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.run("--domain-type", "xen", "vm", "list").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);

        CliRunner.Result ghost = cli.run("--json", "vm", "start", "ghost");
        assertThat(ghost.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(ghost.errorJson().get("category").asText()).isEqualTo("NOT_FOUND");
        assertThat(cli.run("vm", "info", "ghost").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli.run("vm", "delete", "ghost").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli.run("vm", "delete", "ghost", "--if-exists").exitCode()).isZero();
        assertThat(cli.run("vm", "create", "--name", "tpl", "--template", "missing.qcow2").exitCode())
                .isEqualTo(ExitCodes.NOT_FOUND);

        ok("vm", "create", "--name", "twice", "--memory", "32M");
        assertThat(cli.run("vm", "create", "--name", "twice", "--memory", "32M").exitCode())
                .isEqualTo(ExitCodes.CONFLICT);
        ok("vm", "shutdown", "twice");
        CliRunner.Result suspendOff = cli.run("vm", "suspend", "twice");
        assertThat(suspendOff.exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(suspendOff.err()).startsWith("iaas: conflict: ");

        CliRunner.Result late = cli.run("--json", "--timeout", "1ms", "vm", "create", "--name", "late", "--memory", "32M");
        assertThat(late.exitCode()).as(late.toString()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(late.errorJson().get("fullyReverted").asBoolean()).isTrue();
        assertThat(shared.lookup("late")).as("the timed-out create was reverted").isEmpty();
        try (Stream<Path> files = Files.list(dir.resolve("state/definitions"))) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(1); // twice's only
        }

        assertThat(cli.raw("--uri", "nosuchdriver:///x", "--state-dir", dir.resolve("s2").toString(), "vm", "list")
                .exitCode()).isEqualTo(ExitCodes.FAILURE);
        ok("vm", "delete", "twice");
    }

    @Test
    void hostileNamesAreCreatedListedAndDeletedWithoutHarm() throws Exception {
        List<String> hostile = List.of("a;b", "$(id)", "x'y\"z", "<&>", "web 1; rm -rf ~", "`touch pwned`",
                "ünï-名前");
        for (String name : hostile) {
            CliRunner.Result r = cli.run("--json", "vm", "create", "--name", name, "--memory", "32M");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.json().get("name").asText()).isEqualTo(name);
            assertThat(shared.info(name).name()).isEqualTo(name);
        }
        assertThat(names(ok("--json", "vm", "list").json())).containsAll(hostile);
        assertThat(ok("vm", "list").out()).contains("x'y\"z", "<&>", "$(id)");
        for (String name : hostile) {
            assertThat(ok("--json", "vm", "info", name).json().get("name").asText()).isEqualTo(name);
            ok("vm", "delete", name);
            assertThat(shared.lookup(name)).isEmpty();
        }
        assertThat(names(ok("--json", "vm", "list").json())).containsExactly("test");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state");
        }
        assertThat(Path.of("pwned")).doesNotExist();
        assertThat(Path.of("id")).doesNotExist();
    }

    @Test
    void aRejectedCreateExitsTwoNamingTheValueVisiblyBeforeTheStateDirectoryExists() {
        CliRunner.Result newline = cli.run("vm", "create", "--name", "a\nb");
        assertThat(newline.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(newline.err()).isEqualTo("iaas: invalid input: vm name 'a\\u000Ab' contains control characters\n");
        CliRunner.Result escape = cli.run("vm", "create", "--name", "x", "--mac", "\u001b[2J");
        assertThat(escape.err()).startsWith("iaas: invalid input: mac '\\u001B[2J' is not").doesNotContain("\u001b");

        CliRunner.Result tooBig = cli.run("--json", "vm", "create", "--name", "x", "--memory", "17T");
        assertThat(tooBig.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(tooBig.errorJson().get("category").asText()).isEqualTo("INVALID_INPUT");
        assertThat(tooBig.errorJson().get("message").asText()).contains("'17T'");
        for (String cpus : new String[] {"+1", "-0", "0x2", "\u0664", "4097"}) {
            CliRunner.Result r = cli.run("vm", "create", "--name", "x", "--cpus", cpus);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(r.err()).as(r.toString()).contains("'" + cpus + "'");
        }
        assertThat(dir.resolve("state")).as("no session was opened").doesNotExist();
    }

    @Test
    void dotAndDotDotAreRefusedByEveryCommandBeforeTheStateDirectoryExists() {
        // libvirt would take them as path components: /var/lib/libvirt/qemu/snapshot/.. is its own state.
        for (String name : List.of(".", "..")) {
            for (List<String> command : List.of(List.of("vm", "create", "--name", name), List.of("vm", "start", name),
                    List.of("vm", "shutdown", name), List.of("vm", "reboot", name), List.of("vm", "suspend", name),
                    List.of("vm", "resume", name), List.of("vm", "delete", name), List.of("vm", "info", name),
                    List.of("vm", "migrate", name, "--to", URI))) {
                CliRunner.Result r = cli.run(command.toArray(String[]::new));
                assertThat(r.exitCode()).as("%s: %s", command, r).isEqualTo(ExitCodes.INVALID_INPUT);
                assertThat(r.err()).as("%s", command).startsWith("iaas: invalid input: vm name '" + name + "' is refused");
            }
        }
        assertThat(dir.resolve("state")).as("no session was opened").doesNotExist();
        // Only the whole names are special: "..." is an ordinary name.
        ok("vm", "create", "--name", "...", "--memory", "32M");
        assertThat(shared.lookup("...")).isPresent();
        ok("vm", "delete", "...");
    }

    @Test
    void bidiControlsAreRefusedInNamesAndShownAsEscapesInTextAndJson() {
        CliRunner.Result text = cli.run("vm", "create", "--name", "h2-\u202Eexe.txt");
        assertThat(text.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(text.err()).isEqualTo("iaas: invalid input: vm name 'h2-\\u202Eexe.txt' contains the "
                + "bidirectional control U+202E, which makes a name look like another\n");
        CliRunner.Result json = cli.run("--json", "vm", "info", "a\u2066b\u2069");
        assertThat(json.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(json.errorJson().get("message").asText()).contains("'a\\u2066b\\u2069'").doesNotContain("\u2066");
        // A value the library does not check itself (a MAC here) is escaped when printed all the same.
        CliRunner.Result mac = cli.run("vm", "create", "--name", "x", "--mac", "52:54:00:00:00:0\u202E1");
        assertThat(mac.err()).contains("'52:54:00:00:00:0\\u202E1'").doesNotContain("\u202E");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void theHostsOwnOddNamesAreListedEscaped() {
        // Created by another tool: libvirt takes bidi controls and C1 characters in a name.
        shared.define("<domain type='test'><name>odd\u202Efdp.exe\u009B2J</name><memory unit='MiB'>32</memory>"
                + "<os><type>hvm</type></os></domain>");
        try {
            String list = ok("vm", "list").out();
            assertThat(list).contains("odd\\u202Efdp.exe\\u009B2J").doesNotContain("\u202E").doesNotContain("\u009B");
        } finally {
            shared.undefine("odd\u202Efdp.exe\u009B2J");
        }
    }

    @Test
    void badMacsSizesAndAddressesAreRefusedNamingThemAndGoodOnesTaken() throws Exception {
        CliRunner.Result zero = cli.run("vm", "create", "--name", "x", "--mac", "00:00:00:00:00:00");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(zero.err()).contains("'00:00:00:00:00:00'").contains("all-zero");
        CliRunner.Result broadcast = cli.run("vm", "create", "--name", "x", "--mac", "ff:ff:ff:ff:ff:ff");
        assertThat(broadcast.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(broadcast.err()).contains("'ff:ff:ff:ff:ff:ff'").contains("multicast");
        for (String memory : List.of("512 M", "2\tG", "1 024M", "512\u00a0M")) {
            CliRunner.Result r = cli.run("vm", "create", "--name", "x", "--memory", memory);
            assertThat(r.exitCode()).as(memory).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(r.err()).as(memory).contains(("'" + memory + "'").replace("\t", "\\u0009"));
        }
        for (String ip : List.of("1.2.3", "fe80::1%eth0", "::ffff:1.2.3")) {
            CliRunner.Result r = cli.run("vm", "create", "--name", "x", "--ip", ip);
            assertThat(r.exitCode()).as(ip).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(r.err()).contains("'" + ip + "'");
        }
        assertThat(dir.resolve("state")).doesNotExist();
        CliRunner.Result mapped = ok("--json", "vm", "create", "--name", "mapped", "--memory", "32M", "--ip",
                "::ffff:1.2.3.4");
        assertThat(mapped.json().get("ip").asText()).isEqualTo("::ffff:1.2.3.4");
        ok("vm", "delete", "mapped");
    }

    @Test
    void aTemplateWhoseBackingChainLeavesTheTemplateDirectoryIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        ProcessRunner.Result made = ProcessRunner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw",
                "-b", "/etc/hostname", templates.resolve("escape.qcow2").toString(), "1M"), Duration.ofSeconds(30));
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        for (boolean json : new boolean[] {false, true}) {
            CliRunner.Result r = json ? cli.run("--json", "vm", "create", "--name", "x", "--template", "escape.qcow2")
                    : cli.run("vm", "create", "--name", "x", "--template", "escape.qcow2");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
            String message = json ? r.errorJson().get("message").asText() : r.err();
            assertThat(message).contains("template 'escape.qcow2'").contains("/etc/hostname")
                    .contains("outside the template directory");
        }
        assertThat(dir.resolve("state")).as("no session was opened").doesNotExist();
        assertThat(dir.resolve("storage")).as("no disk was written").doesNotExist();
        assertThat(shared.lookup("x")).isEmpty();
    }

    @Test
    void argumentsAreValuesAsTheyAreNeverFilesToExpandNorOptions() throws Exception {
        Path file = Files.writeString(dir.resolve("args"), "web1\n");
        CliRunner.Result at = cli.run("vm", "create", "--name", "@" + file);
        assertThat(at.exitCode()).as("not a VM named web1 from the file's contents").isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(at.err()).contains("'@" + file + "'");
        assertThat(shared.lookup("web1")).isEmpty();

        for (String name : List.of("--all", "-h", "--json", "@x")) {
            ok("vm", "create", "--name", name, "--memory", "32M");
            ok("vm", "delete", "--", name);
        }
        ok("vm", "create", "--name=-help", "--memory=32M");
        assertThat(shared.lookup("-help")).isPresent();
        ok("vm", "delete", "--", "-help");
    }

    @Test
    void hostInfoHostStatsAndModelSyncReadTheHost() {
        JsonNode host = ok("--json", "host", "info").json();
        assertThat(host.get("uri").asText()).isEqualTo(URI);
        assertThat(host.get("state").asText()).isEqualTo("UP");
        assertThat(host.get("cpus").asInt()).isPositive();
        assertThat(host.get("memoryKiB").asLong()).isPositive();

        // The test driver has no node statistics (the integration test reads a real host's).
        CliRunner.Result stats = cli.run("--json", "host", "stats", "--interval", "50ms");
        assertThat(stats.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(stats.errorJson().get("message").asText()).contains("not supported");

        ok("vm", "create", "--name", "synced", "--memory", "32M");
        JsonNode model = ok("--json", "model", "sync").json();
        assertThat(model.get("hosts").get(0).get("name").asText()).isEqualTo(URI);
        assertThat(names(model.get("vms"))).containsExactly("synced", "test");
        assertThat(model.get("version").asLong()).isPositive();
        ok("vm", "delete", "synced");
    }

    @Test
    void withoutJsonTheOutputIsATableForPeople() {
        ok("vm", "create", "--name", "people", "--memory", "32M");
        String list = ok("vm", "list").out();
        assertThat(list.lines().findFirst().orElseThrow()).startsWith("VM").contains("HOST", "STATE", "MEMORY");
        assertThat(list).contains("people").contains("RUNNING").contains("32 MiB");
        assertThat(ok("host", "info").out()).startsWith("HOST").contains(URI);
        assertThat(ok("model", "sync").out()).startsWith("model version");
        assertThat(ok("vm", "delete", "people").out()).isEqualTo("deleted people\n");
    }

    @Test
    void everyCommandHasHelpThatListsTheExitCodes() {
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {});
        for (String vm : List.of("create", "start", "shutdown", "reboot", "suspend", "resume", "delete", "migrate",
                "list", "info")) {
            commands.add(new String[] {"vm", vm});
        }
        for (String[] c : List.of(new String[] {"vm"}, new String[] {"host"}, new String[] {"host", "info"},
                new String[] {"host", "stats"}, new String[] {"model"}, new String[] {"model", "sync"})) {
            commands.add(c);
        }
        for (String[] c : commands) {
            String[] args = Stream.concat(Stream.of(c), Stream.of("--help")).toArray(String[]::new);
            CliRunner.Result r = cli.raw(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: iaas").contains("Exit codes:")
                    .contains("3   Not found");
        }
        assertThat(cli.raw("help", "vm").out()).contains("migrate");
        assertThat(cli.raw("vm", "migrate", "--help").out()).contains("--to=URI");
        CliRunner.Result bare = cli.raw();
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bare.err()).contains("Usage: iaas");
    }

    @Test
    void theJournalListsAndShowsWhatTheToolRan() {
        ok("vm", "create", "--name", "j1", "--memory", "64M");
        JsonNode list = ok("--json", "journal", "list").json();
        JsonNode create = null;
        for (JsonNode e : list) {
            if (e.get("action").asText().equals("create") && e.get("resource").asText().equals("vm:j1")) {
                create = e;
            }
        }
        assertThat(create).as(list.toString()).isNotNull();
        assertThat(create.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(create.get("request").asText()).contains("\"name\":\"j1\"");
        JsonNode shown = ok("--json", "journal", "show", create.get("id").asText()).json();
        List<String> kinds = new ArrayList<>();
        shown.get("records").forEach(r -> kinds.add(r.get("kind").asText() + " " + r.get("step").asText()));
        assertThat(kinds).contains("STARTED DefineVm", "SUCCEEDED DefineVm", "SUCCEEDED DomInfo");

        CliRunner.Result missing = cli.run("journal", "show", "no-such-id");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).contains("no action 'no-such-id' in the journal");
    }

    @Test
    void anInvocationThatStoppedMidCreateIsRevertedByTheNextOne() throws Exception {
        // An invocation whose create stops still right after DefineVm's result is journaled, as a
        // killed one would: its thread never goes on, nothing more reaches the host or the journal.
        Path state = dir.resolve("state");
        org.iaasengine.journal.SqlJournal journal = org.iaasengine.journal.SqlJournal.sqlite(
                state.resolve("journal.db")).owner("iaas-cli").open();
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        org.iaasengine.core.spi.Journal stopsAtDefine = new org.iaasengine.core.spi.Journal() {
            @Override
            public void actionStarted(String id, String name, String key, Object request) {
                journal.actionStarted(id, name, key, request);
            }

            @Override
            public void stepStarted(String id, int index, String step, int attempt) {
                journal.stepStarted(id, index, step, attempt);
            }

            @Override
            public void stepSucceeded(String id, int index, String step, Object result) {
                journal.stepSucceeded(id, index, step, result);
                if (step.equals("DefineVm")) {
                    stopped.countDown();
                    while (true) {
                        java.util.concurrent.locks.LockSupport.park();
                    }
                }
            }
        };
        org.iaasengine.core.Engine dead = org.iaasengine.core.Engine.builder().journal(stopsAtDefine).build();
        org.iaasengine.libvirt.LibvirtHost host = org.iaasengine.libvirt.LibvirtHost.builder(URI, shared)
                .domainType("test").templates(dir.resolve("templates")).storage(dir.resolve("storage"))
                .store(org.iaasengine.libvirt.store.DefinitionStore.open(state.resolve("definitions"))).build();
        dead.submit(new org.iaasengine.libvirt.actions.LibvirtActions(new org.iaasengine.model.ResourceModel())
                .create(host, org.iaasengine.libvirt.spec.CreateRequest.builder("j2").memoryMiB(64).build()));
        assertThat(stopped.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(shared.lookup("j2")).isPresent();

        JsonNode recovered = ok("--json", "journal", "recover").json();
        assertThat(recovered).hasSize(1);
        assertThat(recovered.get(0).get("action").asText()).isEqualTo("create");
        assertThat(recovered.get(0).get("result").asText()).isEqualTo("REVERTED");
        assertThat(shared.lookup("j2")).isEmpty();
        assertThat(ok("--json", "vm", "list").json().toString()).doesNotContain("j2");
        assertThat(ok("--json", "journal", "recover").json()).isEmpty();
        journal.close();
    }

    @Test
    void theAgentCommandRefusesBadSettingsNamingThemAndStartsNothing() throws Exception {
        CliRunner.Result missing = cli.run("--json", "agent", "--node", "host-a");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.errorJson().get("message").asText()).contains("broker").contains("broker.credentials");
        CliRunner.Result dotted = cli.run("--json", "agent", "--node", "host.a", "--broker", "amqps://localhost/iaas",
                "--broker-credentials", "/nonexistent/creds");
        assertThat(dotted.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(dotted.errorJson().get("message").asText()).contains("host.a");
        CliRunner.Result typo = cli.run("--json", "agent", "--set", "heartbeats=2s");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(typo.errorJson().get("message").asText()).contains("heartbeats");
        assertThat(cli.run("agent", "--help").out()).contains("--settings", "--broker-ca", "SIGTERM");
    }

    @Test
    void powerVariantsSayWhatTheyDidInJsonAndASecondRunFindsItDone() {
        ok("vm", "create", "--name", "pw1", "--memory", "32M");
        JsonNode off = ok("--json", "vm", "poweroff", "pw1").json();
        assertThat(off.get("outcome").asText()).isEqualTo("POWERED_OFF");
        assertThat(off.get("after").get("state").asText()).isEqualTo("SHUTOFF");
        assertThat(off.get("after").get("status").asText()).isEqualTo("OFFLINE");
        assertThat(ok("--json", "vm", "poweroff", "pw1").json().get("outcome").asText()).isEqualTo("WAS_OFF");
        assertThat(ok("--json", "vm", "soft-poweroff", "pw1").json().get("outcome").asText()).isEqualTo("WAS_OFF");
        JsonNode on = ok("--json", "vm", "poweron", "pw1").json();
        assertThat(on.get("outcome").asText()).isEqualTo("POWERED_ON");
        assertThat(on.get("after").get("status").asText()).isEqualTo("ONLINE");
        assertThat(ok("--json", "vm", "poweron", "pw1").json().get("outcome").asText()).isEqualTo("WAS_ON");

        JsonNode stopped = ok("--json", "vm", "stop", "pw1", "--grace", "2s").json();
        assertThat(stopped.get("outcome").asText()).isEqualTo("STOPPED");
        assertThat(stopped.get("after").get("host").isNull()).as("host released: %s", stopped).isTrue();
        assertThat(shared.lookup("pw1")).isEmpty();
        // A new session does not see the released VM on this host; poweron places it here again.
        assertThat(ok("--json", "vm", "poweron", "pw1").json().get("outcome").asText()).isEqualTo("POWERED_ON");
        assertThat(shared.lookup("pw1")).isPresent();

        assertThat(ok("--json", "vm", "cleanup", "pw1").json().get("outcome").asText()).isEqualTo("CLEANED_UP");
        assertThat(shared.lookup("pw1")).isEmpty();
        JsonNode terminated = ok("--json", "vm", "terminate", "pw1").json();
        assertThat(terminated.get("outcome").asText()).isEqualTo("TERMINATED");
        assertThat(terminated.get("after").isNull()).isTrue();
        assertThat(ok("--json", "vm", "terminate", "pw1").json().get("outcome").asText()).isEqualTo("WAS_GONE");

        assertThat(cli.run("--json", "vm", "poweroff", "ghost").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli.run("vm", "poweron", "a/b").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(ok("vm", "poweron", "test").out()).contains("test: was on");
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private String state(String command, String... more) {
        List<String> args = new ArrayList<>(List.of("--json", "vm", command));
        if (more.length == 0 || more[0].startsWith("--")) {
            args.add("web1");
        }
        args.addAll(List.of(more));
        return ok(args.toArray(String[]::new)).json().get("state").asText();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out.stream();
    }

    private static List<String> names(JsonNode array) {
        return stream(array).map(v -> v.get("name").asText()).toList();
    }
}
