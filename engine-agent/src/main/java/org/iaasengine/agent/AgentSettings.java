package org.iaasengine.agent;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iaasengine.core.InvalidInputException;

/**
 * What {@code iaas agent} reads: one host agent's settings, from up to three sources where a later
 * one wins: a Java properties file (optional), then environment variables, then explicit overrides
 * (the command line's flags). The variable of a key is {@code IAAS_AGENT_} and the key in upper case
 * with {@code .} and {@code -} written {@code _}: {@code broker.credentials} is
 * {@code IAAS_AGENT_BROKER_CREDENTIALS}. An empty value stands for the key's default (or its
 * absence) and, like any value, wins over the sources before it.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>what</th></tr>
 * <tr><td>node</td><td>required</td><td>this host's name: 1 to 63 letters, digits, {@code _}, {@code -}; no dots</td></tr>
 * <tr><td>hypervisor</td><td>libvirt</td><td>{@code libvirt} or {@code powervm}</td></tr>
 * <tr><td>uri</td><td>required</td><td>the hypervisor's URI, e.g. {@code qemu:///system}</td></tr>
 * <tr><td>broker</td><td>required</td><td>{@code amqp://host:port/vhost} or {@code amqps://...}, see {@link BrokerSettings}</td></tr>
 * <tr><td>broker.credentials</td><td>required</td><td>the credentials file (username=, password=; mode 600)</td></tr>
 * <tr><td>broker.ca</td><td>none</td><td>PEM file of the CAs an amqps broker is trusted by</td></tr>
 * <tr><td>state.dir</td><td>/var/lib/iaas-engine/agent-&lt;node&gt;</td><td>definitions, storage and templates live under it</td></tr>
 * <tr><td>journal</td><td>&lt;state.dir&gt;/journal.db</td><td>the agent's journal (SQLite)</td></tr>
 * <tr><td>templates, storage</td><td>&lt;state.dir&gt;/templates, &lt;state.dir&gt;/storage</td><td></td></tr>
 * <tr><td>workers</td><td>8</td><td>1 to 256 jobs run at once</td></tr>
 * <tr><td>prefetch</td><td>16</td><td>1 to 1000 jobs taken from the broker at once</td></tr>
 * <tr><td>heartbeat</td><td>2s</td><td>100ms to 60s; {@code 2s}, {@code 500ms}, {@code 1m} or ISO-8601 ({@code PT2S})</td></tr>
 * <tr><td>metrics.port</td><td>9464</td><td>0 to 65535 (0: any free port); {@code -1} or {@code off}: no endpoint</td></tr>
 * <tr><td>metrics.bind</td><td>127.0.0.1</td><td>the address the metrics endpoint listens on</td></tr>
 * <tr><td>peers</td><td>none</td><td>{@code host2=qemu+ssh://h2/system,host3=...}: hosts this agent may migrate to</td></tr>
 * <tr><td>stop.grace</td><td>60s</td><td>0s to 1h: how long a SIGTERM waits for running jobs</td></tr>
 * <tr><td>group</td><td>none</td><td>the host group the agent announces (its host's {@code group} attribute, which
 * placement filters on): letters, digits, {@code _}, {@code -}, {@code .}</td></tr>
 * </table>
 *
 * <p>A key the agent does not know, in the file or as an {@code IAAS_AGENT_*} variable, is refused
 * naming it (a typo would otherwise be silently ignored); so is a bad value, naming the key, the value,
 * where it came from and what is allowed. All problems are reported together, in one error.
 *
 * <pre>{@code
 * AgentSettings s = AgentSettings.load(Path.of("/etc/iaas-engine/agent.properties"), System.getenv(),
 *         Map.of("workers", "4"));
 * ConnectionFactory factory = s.brokerSettings().factory();
 * LOG.info("{}", s); // every setting and where it came from; never a password
 * }</pre>
 */
public final class AgentSettings {
    /** The prefix of the agent's environment variables. */
    public static final String ENV_PREFIX = "IAAS_AGENT_";
    /** Every key, in the order {@link #toString()} lists them. */
    public static final List<String> KEYS = List.of("node", "hypervisor", "uri", "broker", "broker.credentials",
            "broker.ca", "state.dir", "journal", "templates", "storage", "workers", "prefetch", "heartbeat",
            "metrics.port", "metrics.bind", "peers", "stop.grace", "group");
    /** The keys without a default. */
    public static final List<String> REQUIRED = List.of("node", "uri", "broker", "broker.credentials");

    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Path STATE_ROOT = Path.of("/var/lib/iaas-engine");
    private static final Map<String, String> KEY_OF_ENV;

    static {
        Map<String, String> m = new HashMap<>();
        for (String k : KEYS) {
            m.put(envVariable(k), k);
        }
        KEY_OF_ENV = Map.copyOf(m);
    }

    /** Where a setting's value came from. */
    public enum Source {
        DEFAULT, FILE, ENV, FLAG;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The kind of hypervisor the agent drives. */
    public enum Hypervisor {
        LIBVIRT, POWERVM;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String node;
    private final Hypervisor hypervisor;
    private final String uri;
    private final BrokerSettings broker;
    private final Path brokerCredentials;
    private final Optional<Path> brokerCa;
    private final Path stateDir;
    private final Path journal;
    private final Path templates;
    private final Path storage;
    private final int workers;
    private final int prefetch;
    private final Duration heartbeat;
    private final OptionalInt metricsPort;
    private final String metricsBind;
    private final Map<String, String> peers;
    private final Duration stopGrace;
    private final Optional<String> group;
    private final Map<String, Given> given;

    private AgentSettings(Reading r) {
        this.node = r.node;
        this.hypervisor = r.hypervisor;
        this.uri = r.uri;
        this.broker = r.broker;
        this.brokerCredentials = r.brokerCredentials;
        this.brokerCa = Optional.ofNullable(r.brokerCa);
        this.group = Optional.ofNullable(r.group);
        this.stateDir = r.stateDir;
        this.journal = r.journal;
        this.templates = r.templates;
        this.storage = r.storage;
        this.workers = r.workers;
        this.prefetch = r.prefetch;
        this.heartbeat = r.heartbeat;
        this.metricsPort = r.metricsPort;
        this.metricsBind = r.metricsBind;
        this.peers = Collections.unmodifiableMap(new LinkedHashMap<>(r.peers));
        this.stopGrace = r.stopGrace;
        this.given = Map.copyOf(r.given);
    }

    /**
     * Reads the settings: {@code file} (null for none; if given it must exist), then the
     * {@code IAAS_AGENT_*} entries of {@code env}, then {@code overrides} (keyed like the file), a
     * later source winning. {@code env} and {@code overrides} may be null for none.
     *
     * @throws InvalidInputException listing every unknown key, bad value and missing required key
     */
    public static AgentSettings load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, Given> given = new HashMap<>();
        List<String> problems = new ArrayList<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
                for (String k : new TreeSet<>(p.stringPropertyNames())) {
                    if (KEYS.contains(k)) {
                        given.put(k, new Given(p.getProperty(k).strip(), Source.FILE, "file " + file));
                    } else {
                        problems.add("unknown key '" + k + "' in settings file " + file + hint(k));
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidInputException("cannot read agent settings file " + file + ": " + e, e);
            }
        }
        if (env != null) {
            for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
                if (!e.getKey().startsWith(ENV_PREFIX) || e.getValue() == null) {
                    continue;
                }
                String k = KEY_OF_ENV.get(e.getKey());
                if (k == null) {
                    problems.add("unknown environment variable " + e.getKey() + " (the agent's variables are "
                            + ENV_PREFIX + "* for the keys " + KEYS + ")");
                } else {
                    given.put(k, new Given(e.getValue().strip(), Source.ENV, "env " + e.getKey()));
                }
            }
        }
        if (overrides != null) {
            for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                if (KEYS.contains(e.getKey())) {
                    given.put(e.getKey(), new Given(e.getValue().strip(), Source.FLAG, "flag"));
                } else {
                    problems.add("unknown setting '" + e.getKey() + "' given as a flag" + hint(e.getKey()));
                }
            }
        }
        Reading r = new Reading(given, problems);
        r.read();
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.size() == 1 ? "agent settings: " + problems.get(0)
                    : "agent settings: " + problems.size() + " problems:\n  - " + String.join("\n  - ", problems));
        }
        return new AgentSettings(r);
    }

    /** The environment variable of {@code key}: {@code broker.ca} is {@code IAAS_AGENT_BROKER_CA}. */
    public static String envVariable(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String hint(String unknown) {
        String u = unknown.toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
        return KEYS.contains(u) ? " (did you mean '" + u + "'?)" : " (known keys: " + String.join(", ", KEYS) + ")";
    }

    public String node() {
        return node;
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /** The hypervisor's URI, e.g. {@code qemu:///system}. */
    public String uri() {
        return uri;
    }

    /** The broker, its credentials read and its CA file loaded. */
    public BrokerSettings brokerSettings() {
        return broker;
    }

    public Path brokerCredentials() {
        return brokerCredentials;
    }

    public Optional<Path> brokerCa() {
        return brokerCa;
    }

    /** The agent's state directory; definitions, and by default storage and templates, live under it. */
    public Path stateDir() {
        return stateDir;
    }

    /** Where the agent keeps its VMs' definitions: {@code <state.dir>/definitions}. */
    public Path definitions() {
        return stateDir.resolve("definitions");
    }

    public Path journal() {
        return journal;
    }

    public Path templates() {
        return templates;
    }

    public Path storage() {
        return storage;
    }

    public int workers() {
        return workers;
    }

    public int prefetch() {
        return prefetch;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    /** The metrics endpoint's port (0: a free port chosen when it starts); empty when it is off. */
    public OptionalInt metricsPort() {
        return metricsPort;
    }

    public String metricsBind() {
        return metricsBind;
    }

    /** The hosts this agent may migrate to, by name, in the order given: name to hypervisor URI. */
    public Map<String, String> peers() {
        return peers;
    }

    /** How long a SIGTERM waits for running jobs before the agent stops. */
    public Duration stopGrace() {
        return stopGrace;
    }

    /** The host group this agent announces, if any. */
    public Optional<String> group() {
        return group;
    }

    /** Where {@code key}'s value came from. */
    public Source source(String key) {
        InvalidInputException.check(KEYS.contains(key), "unknown agent setting '%s' (known keys: %s)", key, KEYS);
        Given g = given.get(key);
        return g == null ? Source.DEFAULT : g.source;
    }

    /** Every setting, one a line, with where it came from; never a password (none is a setting). */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("node", node);
        shown.put("hypervisor", hypervisor.toString());
        shown.put("uri", uri);
        shown.put("broker", broker.url());
        shown.put("broker.credentials", brokerCredentials + " (user " + broker.username() + ")");
        shown.put("broker.ca", brokerCa.map(p -> p + " (" + broker.caCertificates().size() + " certificates)")
                .orElse(broker.tls() ? "(none: the JVM's trust store)" : "(none)"));
        shown.put("state.dir", stateDir.toString());
        shown.put("journal", journal.toString());
        shown.put("templates", templates.toString());
        shown.put("storage", storage.toString());
        shown.put("workers", Integer.toString(workers));
        shown.put("prefetch", Integer.toString(prefetch));
        shown.put("heartbeat", human(heartbeat));
        shown.put("metrics.port", metricsPort.isPresent() ? Integer.toString(metricsPort.getAsInt()) : "off");
        shown.put("metrics.bind", metricsBind);
        shown.put("peers", peers.isEmpty() ? "(none)" : peers.toString());
        shown.put("stop.grace", human(stopGrace));
        shown.put("group", group.orElse("(none)"));
        StringBuilder b = new StringBuilder("AgentSettings[");
        for (String k : KEYS) {
            Given g = given.get(k);
            b.append("\n  ").append(k).append(" = ").append(shown.get(k)).append("  [")
                    .append(g == null ? "default" : g.where + (g.value.isEmpty() ? ", empty: default" : ""))
                    .append(']');
        }
        return b.append("\n]").toString();
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }

    /** A value and where it was given. */
    private record Given(String value, Source source, String where) {
    }

    /** One reading of the given values into typed ones, collecting what is wrong. */
    private static final class Reading {
        private final Map<String, Given> given;
        private final List<String> problems;
        String node;
        Hypervisor hypervisor;
        String uri;
        BrokerSettings broker;
        Path brokerCredentials;
        Path brokerCa;
        Path stateDir;
        Path journal;
        Path templates;
        Path storage;
        int workers;
        int prefetch;
        Duration heartbeat;
        OptionalInt metricsPort;
        String metricsBind;
        Map<String, String> peers = new LinkedHashMap<>();
        Duration stopGrace;
        String group;

        Reading(Map<String, Given> given, List<String> problems) {
            this.given = given;
            this.problems = problems;
        }

        /** The value of {@code key}, or null if it is not given or empty. */
        private String raw(String key) {
            Given g = given.get(key);
            return g == null || g.value.isEmpty() ? null : g.value;
        }

        private void bad(String key, String allowed) {
            Given g = given.get(key);
            String value = key.equals("broker") ? BrokerSettings.masked(g.value) : g.value;
            problems.add(key + "='" + value + "' (from " + g.where + ") is refused: " + allowed);
        }

        /** The typed value of {@code key}, {@code dflt} when not given, null (a problem noted) when bad. */
        private <T> T typed(String key, T dflt, Function<String, T> parse, String allowed) {
            String v = raw(key);
            if (v == null) {
                return dflt;
            }
            T t;
            try {
                t = parse.apply(v);
            } catch (RuntimeException e) {
                t = null;
            }
            if (t == null) {
                bad(key, allowed);
            }
            return t;
        }

        void read() {
            List<String> missing = new ArrayList<>();
            for (String k : REQUIRED) {
                if (raw(k) == null) {
                    missing.add(k + " (" + envVariable(k) + ")");
                }
            }
            if (!missing.isEmpty()) {
                problems.add("missing required settings: " + String.join(", ", missing)
                        + "; set them in the settings file, the environment or as flags");
            }
            node = typed("node", null, v -> NODE.matcher(v).matches() ? v : null,
                    "a node name is 1 to 63 letters, digits, '_' or '-', starting with a letter or digit (no dots)");
            hypervisor = typed("hypervisor", Hypervisor.LIBVIRT,
                    v -> Hypervisor.valueOf(v.toUpperCase(Locale.ROOT)), "it is libvirt or powervm");
            uri = typed("uri", null, v -> uri(v) ? v : null,
                    "the hypervisor URI is an absolute URI such as qemu:///system or qemu+ssh://host/system");
            brokerCredentials = typed("broker.credentials", null, Path::of, "it is a file path");
            brokerCa = typed("broker.ca", null, Path::of, "it is a file path");
            Path defaultState = node == null ? null : STATE_ROOT.resolve("agent-" + node);
            stateDir = typed("state.dir", defaultState, Path::of, "it is a directory path");
            journal = typed("journal", stateDir == null ? null : stateDir.resolve("journal.db"), Path::of,
                    "it is a file path");
            templates = typed("templates", stateDir == null ? null : stateDir.resolve("templates"), Path::of,
                    "it is a directory path");
            storage = typed("storage", stateDir == null ? null : stateDir.resolve("storage"), Path::of,
                    "it is a directory path");
            workers = Objects.requireNonNullElse(typed("workers", 8, v -> intIn(v, 1, 256),
                    "it is a whole number from 1 to 256"), 0);
            prefetch = Objects.requireNonNullElse(typed("prefetch", 16, v -> intIn(v, 1, 1000),
                    "it is a whole number from 1 to 1000"), 0);
            heartbeat = typed("heartbeat", Duration.ofSeconds(2),
                    v -> within(duration(v), Duration.ofMillis(100), Duration.ofSeconds(60)),
                    "it is a duration from 100ms to 60s, such as 2s, 500ms or PT2S");
            metricsPort = typed("metrics.port", OptionalInt.of(9464), v -> v.equalsIgnoreCase("off") || v.equals("-1")
                    ? OptionalInt.empty() : OptionalInt.of(intIn(v, 0, 65535)),
                    "it is a port from 0 to 65535 (0: any free port), or -1 or off for no metrics endpoint");
            metricsBind = typed("metrics.bind", "127.0.0.1", AgentSettings::bindAddress,
                    "it is an IP address or host name, such as 127.0.0.1, 0.0.0.0 or ::1");
            stopGrace = typed("stop.grace", Duration.ofSeconds(60),
                    v -> within(duration(v), Duration.ZERO, Duration.ofHours(1)),
                    "it is a duration from 0s to 1h, such as 60s, 2m or PT60S");
            group = typed("group", null, v -> GROUP.matcher(v).matches() ? v : null,
                    "a host group is 1 to 63 letters, digits, '_', '-' or '.', starting with a letter or digit");
            peers();
            if (raw("broker") != null && brokerCredentials != null) {
                try {
                    broker = BrokerSettings.of(raw("broker"), brokerCredentials, brokerCa);
                } catch (InvalidInputException e) {
                    problems.add(e.getMessage() + " (broker from " + given.get("broker").where
                            + ", broker.credentials from " + given.get("broker.credentials").where
                            + (brokerCa == null ? "" : ", broker.ca from " + given.get("broker.ca").where) + ")");
                }
            }
        }

        private void peers() {
            String v = raw("peers");
            if (v == null) {
                return;
            }
            for (String entry : v.split(",", -1)) {
                String e = entry.strip();
                int eq = e.indexOf('=');
                String name = eq < 0 ? e : e.substring(0, eq).strip();
                String target = eq < 0 ? "" : e.substring(eq + 1).strip();
                if (eq <= 0 || target.isEmpty()) {
                    bad("peers", "entry '" + e + "' is not name=uri; write host2=qemu+ssh://h2/system,host3=...");
                } else if (!NODE.matcher(name).matches()) {
                    bad("peers", "peer name '" + name + "' is not a node name (1 to 63 letters, digits, '_' or '-', "
                            + "starting with a letter or digit, no dots)");
                } else if (name.equals(node)) {
                    bad("peers", "peer '" + name + "' is this node itself");
                } else if (peers.containsKey(name)) {
                    bad("peers", "peer '" + name + "' is given twice");
                } else if (!uri(target)) {
                    bad("peers", "the URI '" + target + "' of peer '" + name
                            + "' is not an absolute URI such as qemu+ssh://h2/system");
                } else {
                    peers.put(name, target);
                }
            }
        }
    }

    private static boolean uri(String v) {
        try {
            URI u = new URI(v);
            return u.getScheme() != null && !u.isOpaque();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Integer intIn(String v, int min, int max) {
        int n = Integer.parseInt(v);
        return n >= min && n <= max ? n : null;
    }

    private static Duration within(Duration d, Duration min, Duration max) {
        return d.compareTo(min) >= 0 && d.compareTo(max) <= 0 ? d : null;
    }

    /** {@code 2s}, {@code 500ms}, {@code 1m}, {@code 1h}, or ISO-8601 such as {@code PT2S}. */
    static Duration duration(String v) {
        Matcher m = SHORT_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String bindAddress(String v) {
        String a = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
        return HOST_NAME.matcher(a).matches() || IPV6.matcher(a).matches() ? a : null;
    }
}
