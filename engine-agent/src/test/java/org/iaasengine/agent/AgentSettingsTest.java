package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iaasengine.agent.AgentSettings.Hypervisor;
import org.iaasengine.agent.AgentSettings.Source;
import org.iaasengine.core.InvalidInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's settings: file, then environment, then flags; typos and bad values refused, naming them. */
class AgentSettingsTest {
    static final String PASSWORD = BrokerSettingsTest.PASSWORD;
    static final Path EXAMPLE = Path.of("../dist/agent.properties.example");

    @TempDir
    Path dir;
    Path credentials;

    @BeforeEach
    void setUp() throws IOException {
        credentials = BrokerSettingsTest.credentials(dir);
    }

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("agent.properties");
        Files.write(f, List.of(lines));
        return f;
    }

    private Path minimal(String... more) throws IOException {
        List<String> lines = new ArrayList<>(List.of("node=host-a", "uri=qemu:///system",
                "broker=amqp://rabbit.example.com/iaas", "broker.credentials=" + credentials));
        lines.addAll(List.of(more));
        return file(lines.toArray(String[]::new));
    }

    @Test
    void theRequiredKeysAloneGiveTheDefaults() throws IOException {
        AgentSettings s = AgentSettings.load(minimal(), Map.of(), Map.of());
        assertThat(s.node()).isEqualTo("host-a");
        assertThat(s.hypervisor()).isEqualTo(Hypervisor.LIBVIRT);
        assertThat(s.uri()).isEqualTo("qemu:///system");
        assertThat(s.brokerCredentials()).isEqualTo(credentials);
        assertThat(s.brokerCa()).isEmpty();
        assertThat(s.stateDir()).isEqualTo(Path.of("/var/lib/iaas-engine/agent-host-a"));
        assertThat(s.journal()).isEqualTo(Path.of("/var/lib/iaas-engine/agent-host-a/journal.db"));
        assertThat(s.definitions()).isEqualTo(Path.of("/var/lib/iaas-engine/agent-host-a/definitions"));
        assertThat(s.templates()).isEqualTo(Path.of("/var/lib/iaas-engine/agent-host-a/templates"));
        assertThat(s.storage()).isEqualTo(Path.of("/var/lib/iaas-engine/agent-host-a/storage"));
        assertThat(s.workers()).isEqualTo(8);
        assertThat(s.prefetch()).isEqualTo(16);
        assertThat(s.heartbeat()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.metricsPort()).isEqualTo(OptionalInt.of(9464));
        assertThat(s.metricsBind()).isEqualTo("127.0.0.1");
        assertThat(s.peers()).isEmpty();
        assertThat(s.stopGrace()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.source("node")).isEqualTo(Source.FILE);
        assertThat(s.source("workers")).isEqualTo(Source.DEFAULT);
        BrokerSettings b = s.brokerSettings();
        assertThat(b.host()).isEqualTo("rabbit.example.com");
        assertThat(b.virtualHost()).isEqualTo("iaas");
        assertThat(b.username()).isEqualTo("iaas-agent-host-a");
        assertThat(b.factory().getPassword()).isEqualTo(PASSWORD);
    }

    @Test
    void theEnvironmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws IOException {
        Path f = minimal("workers=4", "prefetch=32", "heartbeat=5s");
        Map<String, String> env = Map.of("IAAS_AGENT_WORKERS", "6", "IAAS_AGENT_PREFETCH", "64",
                "IAAS_AGENT_STATE_DIR", "/srv/agent", "PATH", "/usr/bin", "IAAS_OTHER_THING", "x");
        AgentSettings s = AgentSettings.load(f, env, Map.of("workers", "12"));
        assertThat(s.workers()).isEqualTo(12);
        assertThat(s.source("workers")).isEqualTo(Source.FLAG);
        assertThat(s.prefetch()).isEqualTo(64);
        assertThat(s.source("prefetch")).isEqualTo(Source.ENV);
        assertThat(s.heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.source("heartbeat")).isEqualTo(Source.FILE);
        assertThat(s.stateDir()).isEqualTo(Path.of("/srv/agent"));
        assertThat(s.journal()).isEqualTo(Path.of("/srv/agent/journal.db"));
        assertThat(s.storage()).isEqualTo(Path.of("/srv/agent/storage"));
        assertThat(s.toString()).contains("workers = 12  [flag]", "prefetch = 64  [env IAAS_AGENT_PREFETCH]",
                "heartbeat = 5s  [file " + f + "]", "stop.grace = 60s  [default]");
    }

    @Test
    void settingsComeFromTheEnvironmentAloneToo() {
        Map<String, String> env = Map.of("IAAS_AGENT_NODE", "host_b", "IAAS_AGENT_URI", "qemu:///system",
                "IAAS_AGENT_BROKER", "amqps://rabbit/iaas", "IAAS_AGENT_BROKER_CREDENTIALS", credentials.toString(),
                "IAAS_AGENT_HYPERVISOR", "powervm", "IAAS_AGENT_METRICS_PORT", "off", "IAAS_AGENT_STOP_GRACE", "PT90S");
        AgentSettings s = AgentSettings.load(null, env, null);
        assertThat(s.node()).isEqualTo("host_b");
        assertThat(s.hypervisor()).isEqualTo(Hypervisor.POWERVM);
        assertThat(s.metricsPort()).isEmpty();
        assertThat(s.stopGrace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.brokerSettings().tls()).isTrue();
        assertThat(s.source("broker.credentials")).isEqualTo(Source.ENV);
    }

    @Test
    void anEmptyLaterValueStandsForTheDefault() throws IOException {
        AgentSettings s = AgentSettings.load(minimal("workers=4"), Map.of("IAAS_AGENT_WORKERS", ""), Map.of());
        assertThat(s.workers()).isEqualTo(8);
        assertThat(s.toString()).contains("workers = 8  [env IAAS_AGENT_WORKERS, empty: default]");
    }

    @Test
    void anUnknownKeyInTheFileIsRefusedNamingIt() throws IOException {
        Path f = minimal("wokers=4");
        assertThatThrownBy(() -> AgentSettings.load(f, Map.of(), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown key 'wokers' in settings file " + f);
        Path g = minimal("state_dir=/srv");
        assertThatThrownBy(() -> AgentSettings.load(g, Map.of(), Map.of()))
                .hasMessageContaining("unknown key 'state_dir'").hasMessageContaining("did you mean 'state.dir'?");
    }

    @Test
    void anUnknownAgentVariableOrFlagIsRefusedNamingIt() throws IOException {
        Path f = minimal();
        assertThatThrownBy(() -> AgentSettings.load(f, Map.of("IAAS_AGENT_WROKERS", "4"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown environment variable IAAS_AGENT_WROKERS");
        assertThatThrownBy(() -> AgentSettings.load(f, Map.of(), Map.of("worker", "4")))
                .hasMessageContaining("unknown setting 'worker' given as a flag");
    }

    @Test
    void aBadValueIsRefusedNamingKeyValueSourceAndWhatIsAllowed() throws IOException {
        Path f = minimal();
        Map<String, String[]> cases = new HashMap<>();
        cases.put("workers", new String[] {"0", "1 to 256"});
        cases.put("prefetch", new String[] {"lots", "1 to 1000"});
        cases.put("heartbeat", new String[] {"50ms", "100ms to 60s"});
        cases.put("stop.grace", new String[] {"60", "0s to 1h"});
        cases.put("metrics.port", new String[] {"70000", "0 to 65535"});
        cases.put("hypervisor", new String[] {"xen", "libvirt or powervm"});
        cases.put("node", new String[] {"host.a", "no dots"});
        cases.put("uri", new String[] {"system", "absolute URI"});
        cases.put("metrics.bind", new String[] {"local host", "IP address or host name"});
        cases.put("group", new String[] {"rack 1", "a host group is 1 to 63 letters"});
        cases.forEach((key, c) -> assertThatThrownBy(() -> AgentSettings.load(f, Map.of(), Map.of(key, c[0])))
                .as(key)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(key + "='" + c[0] + "' (from flag) is refused")
                .hasMessageContaining(c[1]));
        assertThatThrownBy(() -> AgentSettings.load(f, Map.of("IAAS_AGENT_WORKERS", "300"), Map.of()))
                .hasMessageContaining("workers='300' (from env IAAS_AGENT_WORKERS)");
    }

    @Test
    void aMissingSettingsFileIsRefusedNamingIt() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> AgentSettings.load(missing, Map.of(), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot read agent settings file " + missing);
    }

    @Test
    void missingRequiredKeysAreListedTogether() {
        assertThatThrownBy(() -> AgentSettings.load(null, Map.of(), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing required settings: node (IAAS_AGENT_NODE), uri (IAAS_AGENT_URI), "
                        + "broker (IAAS_AGENT_BROKER), broker.credentials (IAAS_AGENT_BROKER_CREDENTIALS)");
    }

    @Test
    void everyProblemIsReportedInOneError() throws IOException {
        Path f = file("node=host-a", "wokers=3", "prefetch=0");
        assertThatThrownBy(() -> AgentSettings.load(f, Map.of("IAAS_AGENT_HEARTBEAT", "2"), Map.of()))
                .hasMessageContaining("4 problems")
                .hasMessageContaining("unknown key 'wokers'")
                .hasMessageContaining("missing required settings: uri")
                .hasMessageContaining("prefetch='0'")
                .hasMessageContaining("heartbeat='2' (from env IAAS_AGENT_HEARTBEAT)");
    }

    @Test
    void durationsAndPortsAreReadInTheirForms() throws IOException {
        Path f = minimal();
        assertThat(AgentSettings.load(f, Map.of(), Map.of("heartbeat", "500ms")).heartbeat()).hasMillis(500);
        assertThat(AgentSettings.load(f, Map.of(), Map.of("heartbeat", "PT1.5S")).heartbeat()).hasMillis(1500);
        assertThat(AgentSettings.load(f, Map.of(), Map.of("stop.grace", "2m")).stopGrace()).hasSeconds(120);
        assertThat(AgentSettings.load(f, Map.of(), Map.of("stop.grace", "0s")).stopGrace()).isZero();
        assertThat(AgentSettings.load(f, Map.of("IAAS_AGENT_GROUP", "rack-1.eu"), Map.of()).group()).hasValue("rack-1.eu");
        assertThat(AgentSettings.load(f, Map.of(), Map.of()).group()).isEmpty();
        assertThat(AgentSettings.load(f, Map.of(), Map.of("metrics.port", "0")).metricsPort()).hasValue(0);
        assertThat(AgentSettings.load(f, Map.of(), Map.of("metrics.port", "-1")).metricsPort()).isEmpty();
        assertThat(AgentSettings.load(f, Map.of(), Map.of("metrics.port", "OFF")).metricsPort()).isEmpty();
        assertThat(AgentSettings.load(f, Map.of(), Map.of("metrics.bind", "::1")).metricsBind()).isEqualTo("::1");
        assertThat(AgentSettings.load(f, Map.of(), Map.of("metrics.bind", "0.0.0.0")).metricsBind())
                .isEqualTo("0.0.0.0");
    }

    @Test
    void peersAreNamedLikeNodesWithTheirUris() throws IOException {
        Path f = minimal();
        AgentSettings s = AgentSettings.load(f, Map.of(),
                Map.of("peers", " host2=qemu+ssh://h2/system , host3=qemu+ssh://root@h3/system?keyfile=/k "));
        assertThat(s.peers()).containsExactly(Map.entry("host2", "qemu+ssh://h2/system"),
                Map.entry("host3", "qemu+ssh://root@h3/system?keyfile=/k"));
        assertThatThrownBy(() -> AgentSettings.load(f, Map.of(), Map.of("peers", "h.2=qemu+ssh://h2/system")))
                .hasMessageContaining("peers='h.2=qemu+ssh://h2/system'").hasMessageContaining("peer name 'h.2'");
        assertThatThrownBy(() -> AgentSettings.load(f, Map.of(), Map.of("peers", "host-a=qemu+ssh://a/system")))
                .hasMessageContaining("peer 'host-a' is this node itself");
        assertThatThrownBy(() -> AgentSettings.load(f, Map.of(), Map.of("peers", "h2=qemu+ssh://a/system,h2=x:///y")))
                .hasMessageContaining("peer 'h2' is given twice");
        assertThatThrownBy(() -> AgentSettings.load(f, Map.of(), Map.of("peers", "h2")))
                .hasMessageContaining("entry 'h2' is not name=uri");
    }

    @Test
    void pathsGivenMoveTheirDefaults() throws IOException {
        AgentSettings s = AgentSettings.load(minimal("state.dir=/srv/a", "templates=/data/templates",
                "journal=/db/j.db"), Map.of(), Map.of());
        assertThat(s.templates()).isEqualTo(Path.of("/data/templates"));
        assertThat(s.storage()).isEqualTo(Path.of("/srv/a/storage"));
        assertThat(s.definitions()).isEqualTo(Path.of("/srv/a/definitions"));
        assertThat(s.journal()).isEqualTo(Path.of("/db/j.db"));
    }

    @Test
    void aGroupReadableCredentialsFileIsRefusedThroughTheSettingsToo() throws IOException {
        Path loose = BrokerSettingsTest.credentials(dir, "username=u\npassword=" + PASSWORD + "\n", "rw-r--r--");
        assertThatThrownBy(() -> AgentSettings.load(minimal(), Map.of(), Map.of("broker.credentials", loose.toString())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("broker credentials file " + loose + " is rw-r--r--")
                .hasMessageContaining("broker.credentials from flag")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aBrokerUrlWithAPasswordIsRefusedWithoutShowingIt() throws IOException {
        assertThatThrownBy(() -> AgentSettings.load(minimal(), Map.of(),
                Map.of("broker", "amqp://u:" + PASSWORD + "@rabbit/iaas")))
                .hasMessageContaining("carries a password").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void toStringListsEverySettingWithItsSourceAndNeverThePassword() throws IOException {
        AgentSettings s = AgentSettings.load(minimal("broker.ca=" + BrokerSettingsTest.resource("ca-bundle.pem")),
                Map.of("IAAS_AGENT_WORKERS", "3"), Map.of("broker", "amqps://rabbit.example.com/iaas"));
        String text = s.toString();
        for (String key : AgentSettings.KEYS) {
            assertThat(text).containsPattern("\\n  " + Pattern.quote(key) + " = .*  \\[(default|file .+|env "
                    + AgentSettings.envVariable(key) + "|flag)\\]");
        }
        assertThat(text).contains("broker = amqps://rabbit.example.com:5671/iaas  [flag]",
                "(user iaas-agent-host-a)", "(2 certificates)").doesNotContain(PASSWORD);
    }

    /**
     * The example in dist/ loads (its credentials file swapped for a temporary one), names every key,
     * and the defaults it shows are the code's defaults: so it cannot rot.
     */
    @Test
    void theExampleSettingsFileLoadsAndShowsEveryKeyWithTheDefaults() throws IOException {
        String example = Files.readString(EXAMPLE);
        for (String key : AgentSettings.KEYS) {
            assertThat(example).as(key).containsPattern("(?m)^#? ?" + Pattern.quote(key) + "=");
        }
        Matcher m = Pattern.compile("(?m)^broker\\.credentials=.*$").matcher(example);
        assertThat(m.find()).as("an uncommented broker.credentials line").isTrue();
        Path f = dir.resolve("agent.properties");
        Files.writeString(f, m.replaceFirst(Matcher.quoteReplacement("broker.credentials=" + credentials)));
        AgentSettings s = AgentSettings.load(f, Map.of(), Map.of());
        assertThat(s.node()).isEqualTo("host-a");

        // Only the required keys: what the example shows for the others must be the defaults.
        Map<String, String> required = new HashMap<>();
        for (String key : AgentSettings.REQUIRED) {
            assertThat(s.source(key)).as(key).isEqualTo(Source.FILE);
            required.put(key, key.equals("broker.credentials") ? credentials.toString()
                    : key.equals("broker") ? s.brokerSettings().url() : key.equals("node") ? s.node() : s.uri());
        }
        AgentSettings d = AgentSettings.load(null, Map.of(), required);
        assertThat(s.hypervisor()).isEqualTo(d.hypervisor());
        assertThat(s.stateDir()).isEqualTo(d.stateDir());
        assertThat(s.journal()).isEqualTo(d.journal());
        assertThat(s.templates()).isEqualTo(d.templates());
        assertThat(s.storage()).isEqualTo(d.storage());
        assertThat(s.workers()).isEqualTo(d.workers());
        assertThat(s.prefetch()).isEqualTo(d.prefetch());
        assertThat(s.heartbeat()).isEqualTo(d.heartbeat());
        assertThat(s.metricsPort()).isEqualTo(d.metricsPort());
        assertThat(s.metricsBind()).isEqualTo(d.metricsBind());
        assertThat(s.stopGrace()).isEqualTo(d.stopGrace());
        assertThat(s.peers()).isEqualTo(d.peers());
        assertThat(s.brokerCa()).isEqualTo(d.brokerCa());
    }
}
