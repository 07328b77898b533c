package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.examples.cli.DriverFactory;
import org.iaasengine.examples.cli.ExitCodes;
import org.iaasengine.examples.cli.IaasCli;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import picocli.CommandLine;

/**
 * A generated corpus of hostile names, template paths, MACs, IPs, memory sizes and vCPU counts,
 * each value sent twice, on libvirt's test driver opened in process:
 * <ol>
 *   <li>through the public API ({@link LibvirtActions#create} and the delete that follows);</li>
 *   <li>through the {@code iaas} CLI ({@link IaasCli}, picocli, run in process as a script runs it:
 *   {@code iaas --uri test:///default --state-dir .. --templates .. --storage .. vm create --name ..}),
 *   alternately with {@code --json} and without, and with {@code --option=value} and
 *   {@code --option value}; plus memory sizes and vCPU counts as people type them
 *   ({@code 2G}, {@code 1.5G}, {@code 0x10}, {@code 17T}), which only the CLI parses.</li>
 * </ol>
 * Every rejection must name the bad value and come before any side effect: the host's domains, the
 * storage directory and the definition store (and, for the API, the model) are compared before and
 * after; for the CLI, a rejection must exit with 2, print nothing on stdout, create no file or
 * directory, and print the value quoted on its message line (control characters shown as Java-style
 * escapes, a line break as backslash-u000A, in text and JSON alike). Every accepted value must work end to end: the
 * VM is created (CLI: exit 0) and then deleted ({@code iaas vm delete -- NAME}), leaving nothing. A
 * template that is well formed but absent is refused with NOT_FOUND (CLI: exit 3), also leaving
 * nothing. The CLI must never accept a value the API rejects.
 *
 * <p>Besides values that are wrong on their face, the corpus holds values that are well formed but
 * harmful, from issue #12:
 * <ul>
 *   <li>the names {@code .} and {@code ..}, which libvirt takes and uses as path components (its
 *   {@code /var/lib/libvirt/qemu/snapshot/<name>}: undefining {@code ..} removes its own state);
 *   they are refused. Names that only contain dots ({@code ...}, {@code ....}, {@code .hidden},
 *   {@code a..b}, {@code ..a}) are ordinary file names and are accepted, end to end;</li>
 *   <li>names with bidirectional controls ({@code U+061C}, {@code U+200E}, {@code U+200F},
 *   {@code U+202A..U+202E}, {@code U+2066..U+2069}): refused, as they make a name look like another;
 *   every message shows them (and control characters) as escapes, in the API's messages too;</li>
 *   <li>templates that exist in the template directory (a private one, made here with qemu-img) but
 *   whose backing chain reaches out of it: a backing file {@code /etc/hostname}, a relative
 *   {@code ../outside/..} one, an external data file outside (or by a relative name), a backing file
 *   of unrecorded format, a symbolic link out, a text or raw file named {@code .qcow2}, a qcow2 named
 *   {@code .raw}. The API refuses them in the CopyTemplate step (INVALID_INPUT, fully reverted,
 *   nothing left: counted as rejected by a step); the CLI at the door (exit 2, nothing written). A
 *   valid two-layer chain inside the directory is accepted.</li>
 * </ul>
 */
class HostileInputTest {
    private static final String URI = "test:///default";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LibvirtJavaDriver driver;
    private static LibvirtHost host;
    private static ResourceModel model;
    private static LibvirtActions actions;
    private static Engine engine;
    private static Path dir;
    /** The template directory of this suite: base.qcow2, a valid chain, and the hostile templates. */
    private static Path templates;
    private static Path cliRoot;
    private static List<String> cliCommon;
    private static DriverFactory cliDrivers;
    /**
     * The tool, built once: building picocli's model (reflection, annotation parsing) takes about
     * 10 ms, a third of the suite's time if done per run; {@code IaasCliTest} builds one per run.
     */
    private static CommandLine cliLine;
    private static final Tally api = new Tally();
    private static final Tally cli = new Tally();
    private static final AtomicInteger names = new AtomicInteger();
    private static long startNanos;

    /** What one side (API or CLI) did with its values. */
    private static final class Tally {
        final AtomicInteger values = new AtomicInteger();
        final AtomicInteger rejected = new AtomicInteger();
        /** API only: well-formed values refused by a step (a template whose backing chain escapes), all reverted. */
        final AtomicInteger rejectedByAStep = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger notFound = new AtomicInteger();
        final AtomicInteger unnamed = new AtomicInteger();
        final AtomicInteger sideEffects = new AtomicInteger();
        /**
         * CLI only: values the API takes but picocli's parser refuses. Left: {@code --}, which picocli
         * reads as the end of the options in either form ({@code --name --}, {@code --name=--}).
         */
        final AtomicInteger parserOnly = new AtomicInteger();

        String line() {
            return "values=" + values + " rejected=" + rejected
                    + (rejectedByAStep.get() > 0 ? " (by-a-step=" + rejectedByAStep + ")" : "") + " accepted="
                    + accepted + " template-not-found="
                    + notFound + " rejections-not-naming-the-value=" + unnamed + " side-effects-on-rejection="
                    + sideEffects;
        }
    }

    /** How the API took a value. */
    private enum Outcome { REJECTED, ACCEPTED, NOT_FOUND }

    @BeforeContainer
    static void setUp() throws Exception {
        startNanos = System.nanoTime();
        dir = Files.createTempDirectory("iaas-rel-hostile");
        templates = makeTemplates(dir);
        driver = LibvirtJavaDriver.open(URI);
        host = LibvirtHost.builder("test-host", driver).domainType("test").templates(templates)
                .storage(dir.resolve("storage")).store(DefinitionStore.open(dir.resolve("definitions"))).build();
        model = new ResourceModel();
        actions = new LibvirtActions(model).shutdownGrace(Duration.ofMillis(200));
        engine = Engine.builder().workers(2).build();

        // The CLI gets the same connection: test:///default keeps its domains per connection. It may
        // open nothing else (never a real daemon).
        cliDrivers = new DriverFactory() {
            @Override
            public LibvirtDriver open(String uri, Kind kind) {
                if (!uri.equals(URI) || kind != Kind.LIBVIRT_JAVA) {
                    throw new IllegalStateException("the hostile-input corpus runs on " + URI + " only, not " + uri);
                }
                return driver;
            }

            @Override
            public void release(LibvirtDriver d) {
                // shared: closed in tearDown
            }
        };
        cliLine = IaasCli.commandLine(cliDrivers);
        cliRoot = Files.createDirectories(dir.resolve("cli"));
        cliCommon = List.of("--uri", URI, "--state-dir", cliRoot.resolve("state").toString(),
                "--templates", templates.toString(), "--storage", cliRoot.resolve("storage").toString(),
                "--timeout", "60s");
    }

    /** Templates whose backing chain leaves the template directory, each a way out (issue #12). */
    private static final List<String> ESCAPING_TEMPLATES = List.of("escape-etc.qcow2", "escape-sibling.qcow2",
            "escape-data-file.qcow2", "escape-data-file-relative.qcow2", "no-backing-format.qcow2", "link-out.qcow2",
            "text.qcow2", "raw-named.qcow2", "qcow2-named.raw");

    private static void qemuImg(String... args) {
        List<String> argv = new ArrayList<>(List.of("qemu-img"));
        argv.addAll(List.of(args));
        ProcessRunner.Result r = ProcessRunner.run(argv, Duration.ofSeconds(30));
        assertThat(r.exitCode()).as("%s: %s", argv, r.stderr()).isZero();
    }

    /**
     * The suite's own template directory {@code <dir>/templates} (named so, so that
     * {@code ../templates/base.qcow2} leads back into it), with a sibling {@code outside}: base.qcow2,
     * chain.qcow2 on it (a valid chain), and {@link #ESCAPING_TEMPLATES}.
     */
    private static Path makeTemplates(Path root) throws IOException {
        Path t = Files.createDirectories(root.resolve("templates"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        qemuImg("create", "-q", "-f", "qcow2", t.resolve("base.qcow2").toString(), "1M");
        qemuImg("create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", "base.qcow2", t.resolve("chain.qcow2").toString());
        qemuImg("create", "-q", "-f", "qcow2", "-F", "raw", "-b", "/etc/hostname",
                t.resolve("escape-etc.qcow2").toString(), "1M");
        qemuImg("create", "-q", "-f", "qcow2", outside.resolve("o.qcow2").toString(), "1M");
        qemuImg("create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", "../outside/o.qcow2",
                t.resolve("escape-sibling.qcow2").toString(), "1M");
        qemuImg("create", "-q", "-f", "qcow2", "-o", "data_file=" + outside.resolve("data.raw"),
                t.resolve("escape-data-file.qcow2").toString(), "1M");
        Path relative = t.resolve("escape-data-file-relative.qcow2");
        qemuImg("create", "-q", "-f", "qcow2", "-o", "data_file=" + t.resolve("data.raw"), relative.toString(), "1M");
        qemuImg("amend", "-f", "qcow2", "-o", "data_file=../outside/data.raw", relative.toString());
        // qemu-img 7 no longer writes a backing file without its format: put the name in the header by hand.
        Path noFormat = t.resolve("no-backing-format.qcow2");
        qemuImg("create", "-q", "-f", "qcow2", noFormat.toString(), "1M");
        byte[] backing = "base.qcow2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(noFormat.toFile(), "rw")) {
            f.seek(8);
            f.writeLong(1024);
            f.writeInt(backing.length);
            f.seek(1024);
            f.write(backing);
        }
        Files.createSymbolicLink(t.resolve("link-out.qcow2"), outside.resolve("o.qcow2"));
        Files.writeString(t.resolve("text.qcow2"), "not a disk image\n");
        qemuImg("create", "-q", "-f", "raw", t.resolve("raw-named.qcow2").toString(), "1M");
        qemuImg("create", "-q", "-f", "qcow2", t.resolve("qcow2-named.raw").toString(), "1M");
        return t;
    }

    @AfterContainer
    static void tearDown() throws Exception {
        long seconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
        System.out.println("RELIABILITY hostile-input: api " + api.line() + "; cli " + cli.line()
                + " refused-by-the-parser-only=" + cli.parserOnly + " (" + seconds + " s; CLI in process on " + URI
                + ", text and --json)");
        engine.close();
        driver.close();
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ------------------------------------------------------------------ the public API

    /** What the host holds that a create could change. */
    private static Map<String, Object> hostState() {
        return Map.of("domains", domains(), "disks", LibvirtWorld.files(host.storage()),
                "definitions", LibvirtWorld.files(host.store().directory()), "model", model.snapshot().vms().keySet());
    }

    private static Set<String> domains() {
        return driver.listDomains().stream().map(DomainSummary::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Builds a create from {@code customize} and runs it: a rejection must name {@code value} and leave
     * the host as it was; an accepted request must create the VM and a delete must remove it.
     */
    private static Outcome check(String name, String value, Consumer<CreateRequest.Builder> customize) {
        api.values.incrementAndGet();
        CreateRequest.Builder b = CreateRequest.builder(name).memoryMiB(32).lifecycle(Lifecycle.PERSISTENT);
        customize.accept(b);
        Map<String, Object> before = hostState();
        Action<Vm> create;
        try {
            create = actions.create(host, b.build());
        } catch (IllegalArgumentException | NullPointerException e) {
            api.rejected.incrementAndGet();
            if (!namesValue(e.getMessage(), value)) {
                api.unnamed.incrementAndGet();
            }
            if (!hostState().equals(before)) {
                api.sideEffects.incrementAndGet();
            }
            assertThat(e.getMessage()).as("rejection of %s", escaped(value)).satisfies(
                    m -> assertThat(namesValue(m, value)).as("names the value: %s", m).isTrue());
            assertThat(hostState()).isEqualTo(before);
            return Outcome.REJECTED;
        }
        try {
            Vm vm = engine.run(create);
            assertThat(driver.lookup(vm.name())).isPresent();
            engine.run(actions.delete(host, vm.name(), true));
            assertThat(hostState()).as("after create and delete of %s", escaped(value)).isEqualTo(before);
            api.accepted.incrementAndGet();
            return Outcome.ACCEPTED;
        } catch (ActionFailedException e) {
            // Accepted at the door, refused later: a missing template (NOT_FOUND), or a template that
            // exists but whose backing chain escapes (INVALID_INPUT in CopyTemplate, naming it).
            assertThat(e.fullyReverted()).isTrue();
            assertThat(hostState()).isEqualTo(before);
            if (e.category() == FailureCategory.INVALID_INPUT && e.failedStep().equals("CopyTemplate")) {
                assertThat(namesValue(e.getMessage(), value)).as("names %s: %s", escaped(value),
                        escaped(e.getMessage())).isTrue();
                api.rejected.incrementAndGet();
                api.rejectedByAStep.incrementAndGet();
                return Outcome.REJECTED;
            }
            assertThat(e.category()).as("late failure of %s: %s", escaped(value), escaped(e.getMessage()))
                    .isEqualTo(FailureCategory.NOT_FOUND);
            api.notFound.incrementAndGet();
            return Outcome.NOT_FOUND;
        }
    }

    /**
     * The library's messages show a value with control characters (C0, DEL, C1), lone surrogates and
     * bidirectional controls escaped, and never print one of those raw; a long value by its start.
     */
    private static boolean namesValue(String message, String value) {
        if (message == null || message.codePoints().anyMatch(HostileInputTest::invisible)) {
            return false;
        }
        return message.contains(visible(value))
                || (value.length() > 40 && message.contains(visible(value.substring(0, 40))));
    }

    // ------------------------------------------------------------------ the CLI

    /** One in-process run of {@code iaas}: exit code, stdout, stderr. */
    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + escaped(out) + "\n--- err\n" + escaped(err);
        }
    }

    /**
     * {@code iaas args...} on {@link #cliLine}: picocli resets every option to its default before
     * each parse, so each run reads its arguments as a fresh process would.
     */
    private static Run iaas(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cliLine.setOut(new PrintWriter(out, true));
        cliLine.setErr(new PrintWriter(err, true));
        int code = cliLine.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * What the CLI could change: the host's domains and, under its state and storage directories,
     * every file ({@code withDirectories}: every directory too; an accepted create makes the
     * directories it needs and the delete leaves them), except the tool's journal (its own record
     * of every action it ran, made at its first run and kept).
     */
    private static Map<String, Object> cliState(boolean withDirectories) {
        try (Stream<Path> s = Files.walk(cliRoot)) {
            List<String> paths = s.filter(p -> withDirectories || Files.isRegularFile(p))
                    .filter(p -> !p.getFileName().toString().startsWith("journal.db"))
                    .map(p -> cliRoot.relativize(p).toString()).sorted().toList();
            return Map.of("domains", domains(), "paths", paths);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code iaas vm create} with {@code options} (option, value pairs; {@code value} is the
     * hostile one, {@code name} the VM's): a rejection must exit 2 naming {@code value} with no side
     * effect; an accepted create must exit 0 and {@code vm delete} must remove everything;
     * {@code apiOutcome} is what the API did with the same value (null: a form only the CLI reads).
     * {@code createdVm} checks the VM the CLI printed with --json.
     */
    private static int checkCli(String name, String value, List<Tuple2<String, String>> options, Outcome apiOutcome,
            Consumer<JsonNode> createdVm) {
        int n = cli.values.incrementAndGet();
        boolean json = n % 2 == 0;
        boolean joined = (n / 2) % 2 == 0;
        List<String> args = new ArrayList<>(cliCommon);
        if (json) {
            args.add("--json");
        }
        args.addAll(List.of("vm", "create"));
        for (Tuple2<String, String> o : options) {
            if (joined) {
                args.add(o.get1() + "=" + o.get2());
            } else {
                args.addAll(List.of(o.get1(), o.get2()));
            }
        }
        Map<String, Object> before = cliState(true);
        Run run = iaas(args);
        String what = escaped(value) + (json ? " with --json" : "") + (joined ? " as --option=value" : "");
        switch (run.exitCode()) {
            case ExitCodes.INVALID_INPUT -> {
                cli.rejected.incrementAndGet();
                if (apiOutcome != null && apiOutcome != Outcome.REJECTED) {
                    cli.parserOnly.incrementAndGet();
                }
                // The CLI answers in JSON when --json is among the arguments, also as a value it could not read.
                boolean jsonOut = json || args.contains("--json");
                String message = jsonOut ? errorJson(run).get("message").asText() : messageLine(run);
                boolean named = namesVisibly(message, value);
                if (!named) {
                    cli.unnamed.incrementAndGet();
                }
                boolean untouched = cliState(true).equals(before);
                if (!untouched) {
                    cli.sideEffects.incrementAndGet();
                }
                assertThat(named).as("the rejection of %s names it: %s", what, run).isTrue();
                assertThat(untouched).as("the rejection of %s left the host and directories as they were: %s", what,
                        cliState(true)).isTrue();
                assertThat(run.out()).as("stdout of the rejection of %s", what).isEmpty();
                if (jsonOut) {
                    assertThat(errorJson(run).get("category").asText()).isEqualTo("INVALID_INPUT");
                    assertThat(errorJson(run).get("exitCode").asInt()).isEqualTo(ExitCodes.INVALID_INPUT);
                }
            }
            case ExitCodes.OK -> {
                if (apiOutcome != null) {
                    assertThat(apiOutcome).as("the CLI took %s, which the API rejects: %s", what, run)
                            .isEqualTo(Outcome.ACCEPTED);
                }
                assertThat(driver.lookup(name)).as("created by %s", what).isPresent();
                if (json) {
                    JsonNode vm = parse(run.out());
                    assertThat(vm.get("name").asText()).isEqualTo(name);
                    assertThat(vm.get("state").asText()).isEqualTo("RUNNING");
                    createdVm.accept(vm);
                }
                List<String> delete = new ArrayList<>(cliCommon);
                delete.addAll(List.of("vm", "delete", "--", name));
                Run deleted = iaas(delete);
                assertThat(deleted.exitCode()).as("delete after %s: %s", what, deleted).isEqualTo(ExitCodes.OK);
                assertThat(cliState(false)).as("after create and delete of %s", what).isEqualTo(
                        withoutDirectories(before));
                cli.accepted.incrementAndGet();
            }
            case ExitCodes.NOT_FOUND -> {
                assertThat(apiOutcome).as("%s: %s", what, run).isEqualTo(Outcome.NOT_FOUND);
                assertThat(cliState(false)).as("after the not-found create of %s", what).isEqualTo(
                        withoutDirectories(before));
                cli.notFound.incrementAndGet();
            }
            default -> throw new AssertionError("iaas vm create with " + what + ": " + run);
        }
        return run.exitCode();
    }

    /**
     * For a value whose fate issue #12 settled, that both sides met it so: {@code expected} (null: no
     * particular expectation) against the API's outcome and the CLI's exit code.
     */
    private static void expect(String value, Outcome expected, Outcome api, int cliExit) {
        if (expected == null) {
            return;
        }
        assertThat(api).as("the API's outcome for %s", escaped(value)).isEqualTo(expected);
        assertThat(cliExit).as("the CLI's exit code for %s", escaped(value)).isEqualTo(switch (expected) {
            case REJECTED -> ExitCodes.INVALID_INPUT;
            case ACCEPTED -> ExitCodes.OK;
            case NOT_FOUND -> ExitCodes.NOT_FOUND;
        });
    }

    private static Map<String, Object> withoutDirectories(Map<String, Object> state) {
        @SuppressWarnings("unchecked")
        List<String> paths = ((List<String>) state.get("paths")).stream()
                .filter(p -> Files.isRegularFile(cliRoot.resolve(p))).toList();
        return Map.of("domains", state.get("domains"), "paths", paths);
    }

    /** The first line of stderr: {@code iaas: invalid input: <message>} (the usage follows it). */
    private static String messageLine(Run run) {
        String err = run.err();
        assertThat(err).as("stderr of %s", run).startsWith("iaas: invalid input: ");
        assertThat(err.codePoints().filter(c -> c != '\n' && c != '\r' && invisible(c)).count())
                .as("control characters printed raw: %s", run).isZero();
        int eol = err.indexOf('\n');
        return err.substring("iaas: invalid input: ".length(), eol < 0 ? err.length() : eol);
    }

    private static JsonNode errorJson(Run run) {
        JsonNode error = parse(run.err()).get("error");
        assertThat(error).as("a JSON error on stderr: %s", run).isNotNull();
        return error;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + escaped(text), e);
        }
    }

    /**
     * The CLI's messages show a value in quotes, control characters (C0, DEL, C1), lone surrogates and
     * bidirectional controls as Java-style escapes; a long value by its first 40 characters; an empty
     * one as {@code ''} or as "empty"/"blank".
     */
    private static boolean namesVisibly(String message, String value) {
        if (value.isEmpty()) {
            return message.contains("''") || message.contains("empty") || message.contains("blank");
        }
        return message.contains("'" + visible(value) + "'")
                || (value.length() > 40 && message.contains("'" + visible(value.substring(0, 40))));
    }

    // ------------------------------------------------------------------ text helpers

    /**
     * What a message must never print raw (the suite's own list, not the library's): control
     * characters (C0, DEL, C1), lone surrogates, bidirectional controls.
     */
    private static boolean invisible(int cp) {
        return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) || BIDI.indexOf(cp) >= 0;
    }

    private static final String BIDI = "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";

    /** {@code value} with the {@link #invisible} code points as Java-style escapes. */
    private static String visible(String value) {
        StringBuilder b = new StringBuilder();
        value.codePoints().forEach(cp -> b.append(invisible(cp) ? String.format("\\u%04X", cp)
                : Character.toString(cp)));
        return b.toString();
    }

    /** For assertion messages: printable ASCII, everything else escaped, at most 300 code points. */
    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(300).forEach(c -> b.append(c >= 0x20 && c < 0x7f ? Character.toString(c)
                : String.format("\\u%04x", c)));
        return b.toString();
    }

    private static String freshName() {
        return "iaas-rel-h-" + names.incrementAndGet();
    }

    private static Tuple2<String, String> option(String option, String value) {
        return Tuple.of(option, value);
    }

    // ------------------------------------------------------------------ generators and properties

    @Provide
    Arbitrary<String> hostileNames() {
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(60);
        Arbitrary<String> nasty = Arbitraries.strings().withChars("/\\ \t\n\r\u0000\u007f\u001b\u009b'\"<>&;|$`*?.-_:%=@é漢\u200b")
                .withChars(BIDI).withCharRange('a', 'z').ofMinLength(1).ofMaxLength(30);
        // Dots alone: "." and ".." are refused, every other run of dots and letters is an ordinary name.
        Arbitrary<String> dots = Arbitraries.strings().withChars("..a").ofMinLength(1).ofMaxLength(5);
        Arbitrary<String> huge = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(990).ofMaxLength(1100);
        Arbitrary<String> fixed = Arbitraries.of("", " ", "web1 ", " web1", "../etc", "a/b", "<x>", "a&b", "\u0000",
                "iaas-rel-h-ok", "vm;rm -rf /", "$(reboot)", "`id`", "-help", "--all", "--", "--help", "-h", "-V",
                "--memory=1", "--json", "@pom.xml", "@", "@@x", "\u001b[2J", "x\u009b31m", "a\nb",
                ".", "..", "...", "....", ".hidden", "a..b", "..a", "a/..", "./a", ". .", ".. ", " ..",
                "h2-\u202Eexe.txt", "\u202Eweb1", "web1\u2069", "\u2066\u2069", "a\u200Eb", "a\u200Fb", "\u061C",
                "\u202A\u202B\u202C\u202D", "\u2067x\u2068y");
        return Arbitraries.frequencyOf(Tuple.of(4, anyChars), Tuple.of(4, nasty), Tuple.of(1, huge),
                Tuple.of(2, fixed), Tuple.of(1, dots));
    }

    @Property(tries = 400)
    void aVmNameIsRejectedNamingItBeforeAnySideEffectOrWorksEndToEnd(@ForAll("hostileNames") String name) {
        // The test driver's own domain "test" exists already: a clash is a conflict, not hostile input.
        if (name.equals("test")) {
            return;
        }
        Outcome outcome = check(name, name, b -> { });
        int exit = checkCli(name, name, List.of(option("--name", name), option("--memory", "32M")), outcome,
                vm -> { });
        expect(name, expectedForName(name), outcome, exit);
    }

    /**
     * "." and "..", and names with a bidirectional control, are refused; names of dots and lower-case
     * letters alone ({@code ...}, {@code .hidden}, {@code a..b}) are ordinary file names, accepted.
     */
    private static Outcome expectedForName(String name) {
        if (name.equals(".") || name.equals("..") || name.codePoints().anyMatch(cp -> BIDI.indexOf(cp) >= 0)) {
            return Outcome.REJECTED;
        }
        return name.length() <= 200 && name.matches("[.a-z]+") ? Outcome.ACCEPTED : null;
    }

    @Provide
    Arbitrary<String> templates() {
        Arbitrary<String> pathy = Arbitraries.strings().withChars("./\\~ \u0000\nabc").withCharRange('a', 'e')
                .ofMinLength(0).ofMaxLength(25);
        Arbitrary<String> fixed = Arbitraries.of("base.qcow2", "./base.qcow2", "../templates/base.qcow2",
                "/var/tmp/iaas-engine/templates/base.qcow2", "../../etc/passwd", "/etc/shadow", "base.qcow2\u0000x",
                "sub/../base.qcow2", "base.qcow2 ", "-f", "--help", "~/x.qcow2", "no-such.qcow2", "", "@pom.xml",
                "--template=base.qcow2", "base.qcow2\n", "chain.qcow2", "./chain.qcow2", "escape-etc.qcow2",
                "escape-sibling.qcow2", "escape-data-file.qcow2", "escape-data-file-relative.qcow2",
                "no-backing-format.qcow2", "link-out.qcow2", "text.qcow2", "raw-named.qcow2", "qcow2-named.raw",
                "./escape-etc.qcow2", "../templates/escape-sibling.qcow2", "../outside/o.qcow2");
        return Arbitraries.oneOf(pathy, fixed);
    }

    @Property(tries = 250)
    void aTemplatePathOutsideTheTemplateDirectoryIsRejectedNamingIt(@ForAll("templates") String template) {
        Outcome outcome = check(freshName(), template, b -> b.template(template));
        String name = freshName();
        int exit = checkCli(name, template, List.of(option("--name", name), option("--memory", "32M"),
                option("--template", template)), outcome, vm -> { });
        expect(template, ESCAPING_FORMS.contains(template) ? Outcome.REJECTED
                : GOOD_TEMPLATES.contains(template) ? Outcome.ACCEPTED : null, outcome, exit);
    }

    /** {@link #ESCAPING_TEMPLATES} and other names of them. */
    private static final Set<String> ESCAPING_FORMS = Stream.concat(ESCAPING_TEMPLATES.stream(),
            Stream.of("./escape-etc.qcow2", "../templates/escape-sibling.qcow2")).collect(Collectors.toSet());
    /** Templates in the directory whose chain stays inside it. */
    private static final Set<String> GOOD_TEMPLATES = Set.of("base.qcow2", "./base.qcow2", "../templates/base.qcow2",
            "chain.qcow2", "./chain.qcow2");

    @Provide
    Arbitrary<String> macs() {
        Arbitrary<String> wellFormed = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(12)
                .map(h -> String.join(":", h.substring(0, 2), h.substring(2, 4), h.substring(4, 6), h.substring(6, 8),
                        h.substring(8, 10), h.substring(10, 12)));
        Arbitrary<String> junk = Arbitraries.strings().withChars("0123456789abcdefg:-. \u0000G").ofMinLength(0)
                .ofMaxLength(20);
        return Arbitraries.oneOf(wellFormed, junk, Arbitraries.of(BAD_MACS.toArray(String[]::new)),
                Arbitraries.of("00:00:00:00:00:01", "02:00:00:00:00:00", "52:54:00:AB:CD:EF"));
    }

    /** Well formed, yet no NIC's own: all zero, broadcast, multicast. */
    private static final Set<String> BAD_MACS = Set.of("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "FF:FF:FF:FF:FF:FF",
            "01:00:5e:00:00:01", "33:33:00:00:00:01");

    @Property(tries = 250)
    void aMacIsRejectedNamingItOrWorksEndToEnd(@ForAll("macs") String mac) {
        Outcome outcome = check(freshName(), mac, b -> b.mac(mac));
        String name = freshName();
        int exit = checkCli(name, mac, List.of(option("--name", name), option("--memory", "32M"), option("--mac", mac)),
                outcome, vm -> assertThat(vm.get("macs").get(0).asText()).isEqualTo(mac.toLowerCase(java.util.Locale.ROOT)));
        expect(mac, BAD_MACS.contains(mac) ? Outcome.REJECTED : null, outcome, exit);
    }

    @Provide
    Arbitrary<String> ips() {
        Arbitrary<String> v4 = Arbitraries.integers().between(-5, 300).list().ofSize(4)
                .map(l -> l.stream().map(String::valueOf).collect(Collectors.joining(".")));
        Arbitrary<String> v6 = Arbitraries.strings().withChars("0123456789abcdefABCDEF:.g%").ofMinLength(1)
                .ofMaxLength(45);
        Arbitrary<String> junk = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(20);
        Arbitrary<String> fixed = Arbitraries.of("10.0.0.1", "::1", "fe80::1", "10.0.0.1/24", "010.0.0.1",
                "1.2.3.4\n", "256.1.1.1", "10.0.0.1; reboot", "", "-1.0.0.1", "--ip=10.0.0.1");
        return Arbitraries.oneOf(v4, v6, junk, fixed, Arbitraries.of(GOOD_IPS.toArray(String[]::new)),
                Arbitraries.of(BAD_IPS.toArray(String[]::new)));
    }

    /** Valid IPv6 text forms with an embedded dotted quad (and plain ones). */
    private static final Set<String> GOOD_IPS = Set.of("::ffff:1.2.3.4", "::FFFF:10.0.0.1", "::1.2.3.4",
            "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4", "0.0.0.0", "::", "2001:db8::1");
    /** Invalid ones near them: zone ids, non-ASCII digits, short or long quads, bad groups. */
    private static final Set<String> BAD_IPS = Set.of("fe80::1%eth0", "fe80::1%", "::ffff:1.2.3", "::ffff:1.2.3.4.5",
            "::ffff:01.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "\u0664.1.1.1", "::\u0664", "1:2:3", ":::", "12345::1", "1.2.3");

    @Property(tries = 250)
    void anIpIsRejectedNamingItOrWorksEndToEnd(@ForAll("ips") String ip) {
        Outcome outcome = check(freshName(), ip, b -> b.ip(ip));
        String name = freshName();
        int exit = checkCli(name, ip, List.of(option("--name", name), option("--memory", "32M"), option("--ip", ip)),
                outcome, vm -> assertThat(vm.get("ip").asText()).isEqualTo(ip));
        expect(ip, GOOD_IPS.contains(ip) ? Outcome.ACCEPTED : BAD_IPS.contains(ip) ? Outcome.REJECTED : null, outcome,
                exit);
    }

    @Provide
    Arbitrary<long[]> sizes() {
        Arbitrary<Long> memory = Arbitraries.oneOf(Arbitraries.longs().between(-100, 100),
                Arbitraries.longs().between(15, 4096), Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L,
                        16L * 1024 * 1024, 16L * 1024 * 1024 + 1), Arbitraries.longs());
        Arbitrary<Long> cpus = Arbitraries.oneOf(Arbitraries.longs().between(-3, 8),
                Arbitraries.of((long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE, 4096L, 4097L));
        return Combinators.combine(memory, cpus).as((m, c) -> new long[] {m, c});
    }

    @Property(tries = 250)
    void memoryAndCpuValuesAreRejectedNamingThemOrWorkEndToEnd(@ForAll("sizes") long[] size) {
        long memory = size[0];
        int vcpus = (int) size[1];
        boolean memoryOk = memory >= 16 && memory <= 16L * 1024 * 1024;
        String value = memoryOk ? String.valueOf(vcpus) : String.valueOf(memory);
        // The test driver keeps domains in this process's memory: no real allocation happens.
        Outcome outcome = check(freshName(), value, b -> b.memoryMiB(memory).vcpus(vcpus));
        // The CLI reads a bare number as MiB; picocli reads the options left to right, the memory first.
        String name = freshName();
        checkCli(name, value, List.of(option("--name", name), option("--memory", String.valueOf(memory)),
                option("--cpus", String.valueOf(vcpus))), outcome, vm -> {
                    assertThat(vm.get("memoryKiB").asLong()).isEqualTo(memory * 1024);
                    assertThat(vm.get("vcpus").asInt()).isEqualTo(vcpus);
                });
    }

    /** Memory sizes and vCPU counts as people type them, which only the CLI reads. */
    @Provide
    Arbitrary<Tuple2<String, String>> typedSizes() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.longs().between(0, 5000).map(String::valueOf),
                Arbitraries.of("0", "15", "16", "32", "016", "16383", "16384", "16385", "1048576", "16777216",
                        "16777217", "999999999999", "9999999999999", "99999999999999999999"));
        Arbitrary<String> unit = Arbitraries.of("", "M", "m", "MiB", "mib", "MB", "G", "g", "GiB", "T", "t", "TiB",
                "K", "k", "KiB", "B", "b", "X", " M", ".5G", "e3", "MM", "Gi B", "\u00a0M", "M\n");
        Arbitrary<String> memoryForms = Combinators.combine(number, unit).as((n, u) -> n + u);
        Arbitrary<String> memoryFixed = Arbitraries.of("", " ", "512M ", " 512M", "-1M", "+64M", "1.5G", "0x100",
                "\u0664\u0664M", "64\nM", "lots", "16T", "17T", "16384G", "16385G", "1048576K", "1048577K", "@pom.xml",
                "--memory=64M", "--help", "-1", "512 M", "2\tG", "1 024M", "512\u2003M", "64 MiB", "2G ", "\t2G");
        Arbitrary<String> cpuForms = Arbitraries.oneOf(Arbitraries.integers().between(-5, 5000).map(String::valueOf),
                Arbitraries.of("+1", "01", "007", "0x2", "#2", "\u0664", " 1", "1 ", "1.0", "1e1", "", "2147483648",
                        "99999999999", "4096", "4097", "-0", "--cpus=2", "-h", "1\u0000", "\u001b[2J"),
                Arbitraries.strings().all().ofMaxLength(8));
        return Arbitraries.oneOf(
                Arbitraries.oneOf(memoryForms, memoryFixed, Arbitraries.strings().all().ofMaxLength(10))
                        .map(v -> Tuple.of("--memory", v)),
                cpuForms.map(v -> Tuple.of("--cpus", v)));
    }

    @Property(tries = 300)
    void sizesAsPeopleTypeThemAreRejectedByTheCliNamingThemOrWorkEndToEnd(
            @ForAll("typedSizes") Tuple2<String, String> typed) {
        String name = freshName();
        List<Tuple2<String, String>> options = new ArrayList<>(List.of(option("--name", name)));
        if (typed.get1().equals("--cpus")) {
            options.add(option("--memory", "32M"));
        }
        options.add(typed);
        // No API counterpart: these forms are the CLI's; what it accepts must be within the library's limits.
        int exit = checkCli(name, typed.get2(), options, null, vm -> {
            assertThat(vm.get("memoryKiB").asLong()).isBetween(16L * 1024, 16L * 1024 * 1024 * 1024);
            assertThat(vm.get("vcpus").asInt()).isBetween(1, 4096);
        });
        // White space inside a size ("512 M") is refused; around it, ignored.
        String inner = typed.get2().strip();
        if (typed.get1().equals("--memory")
                && inner.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
            assertThat(exit).as("--memory %s", escaped(typed.get2())).isEqualTo(ExitCodes.INVALID_INPUT);
        }
    }
}
