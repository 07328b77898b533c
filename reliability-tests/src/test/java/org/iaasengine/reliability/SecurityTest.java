package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No shell anywhere in the library's main code; HTTPS certificates are checked by default. (The
 * PowerVM credential scan of logs and exception text runs over the PowerVM fault campaign, where
 * the failure paths log the most: {@code PowerVmFaultInjectionTest}.)
 */
class SecurityTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final List<String> MODULES = List.of("engine-core", "libvirt-commands", "powervm-commands",
            "examples");
    private static int filesScanned;
    private static int shellFindings;
    private static int httpsChecks;

    @TempDir
    Path tmp;

    /** The patterns that mean "a shell, or a command line split by a shell-like rule". */
    private static final List<Pattern> SHELL = List.of(
            Pattern.compile("\"(/bin/|/usr/bin/)?(ba|z|da|k)?sh\"\\s*,\\s*\"-c\""),
            Pattern.compile("\"cmd(\\.exe)?\"\\s*,\\s*\"/c\"", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\.exec\\(\\s*\"[^\"]*\"\\s*\\)"),                  // Runtime.exec("a b")
            Pattern.compile("\\.exec\\(\\s*[a-zA-Z_][\\w.]*\\s*\\)"),            // Runtime.exec(line)
            Pattern.compile("new\\s+ProcessBuilder\\(\\s*\"[^\"]*\\s[^\"]*\"\\s*\\)"), // one string with spaces
            Pattern.compile("CommandLine\\.parse\\("),                           // commons-exec's splitter
            Pattern.compile("\"(ba)?sh -c"));
    /** Patterns that would switch certificate or host name checks off. */
    private static final List<Pattern> TLS_OFF = List.of(
            Pattern.compile("implements\\s+[\\w.]*X509(Extended)?TrustManager"),
            Pattern.compile("HostnameVerifier"),
            Pattern.compile("disableHostnameVerification"),
            Pattern.compile("checkServerTrusted\\s*\\([^)]*\\)\\s*\\{\\s*}"));

    @AfterAll
    static void summary() {
        System.out.println("RELIABILITY security: main-files-scanned=" + filesScanned + " shell-uses=" + shellFindings
                + " https-checks=" + httpsChecks + " (credential scan: see security powervm-credentials)");
    }

    private static List<Path> mainSources() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String m : MODULES) {
            Path dir = ROOT.resolve(m).resolve("src/main/java");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(p -> p.toString().endsWith(".java")).forEach(all::add);
                }
            }
        }
        return all;
    }

    private static List<String> find(List<Pattern> patterns) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path f : mainSources()) {
            String text = Files.readString(f);
            for (Pattern p : patterns) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    found.add(ROOT.relativize(f) + ": " + m.group());
                }
            }
        }
        return found;
    }

    @Test
    void noMainCodeRunsAShellOrSplitsACommandLine() throws IOException {
        List<Path> sources = mainSources();
        filesScanned = sources.size();
        assertThat(sources).as("main sources found under %s", ROOT).hasSizeGreaterThan(100);
        List<String> found = find(SHELL);
        shellFindings = found.size();
        assertThat(found).isEmpty();
    }

    @Test
    void theShellScanCatchesEachFormItLooksFor() {
        List<String> bad = List.of("new ProcessBuilder(\"sh\", \"-c\", line)", "List.of(\"/bin/bash\", \"-c\", x)",
                "Runtime.getRuntime().exec(\"virsh list\")", "Runtime.getRuntime().exec(command)",
                "new ProcessBuilder(\"virsh destroy vm\")", "CommandLine.parse(\"virsh \" + name)");
        for (String b : bad) {
            assertThat(SHELL.stream().anyMatch(p -> p.matcher(b).find())).as(b).isTrue();
        }
        assertThat(SHELL.stream().anyMatch(p -> p.matcher("new ProcessBuilder(List.of(\"virsh\", \"list\"))").find()))
                .isFalse();
    }

    @Test
    void noMainCodeSwitchesCertificateOrHostNameChecksOff() throws IOException {
        assertThat(find(TLS_OFF)).isEmpty();
    }

    @Test
    void httpsToAServerWithAnUntrustedCertificateFailsByDefaultAndWorksWithItsTrustStore() throws Exception {
        Path keystore = tmp.resolve("server.p12");
        ProcessRunner.run(List.of("keytool", "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit"),
                Duration.ofSeconds(60));
        Path truststore = tmp.resolve("trust.p12");
        Path cert = tmp.resolve("server.crt");
        ProcessRunner.run(List.of("keytool", "-exportcert", "-alias", "server", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", cert.toString()), Duration.ofSeconds(60));
        ProcessRunner.run(List.of("keytool", "-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", "changeit"),
                Duration.ofSeconds(60));

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
            Throwable byDefault = catchThrowable(() -> PowerVmClient.connect(PowerVmConfig.builder(uri)
                    .credentials("hscroot", "secret-pw".toCharArray()).requestTimeout(Duration.ofSeconds(20))
                    .build()));
            assertThat(byDefault).as("a default client must refuse the self-signed certificate").isNotNull()
                    .hasStackTraceContaining("PKIX");
            assertThat(causes(byDefault)).hasAtLeastOneElementOfType(SSLException.class);
            httpsChecks++;

            Throwable trusted = catchThrowable(() -> PowerVmClient.connect(PowerVmConfig.builder(uri)
                    .credentials("hscroot", "secret-pw".toCharArray()).requestTimeout(Duration.ofSeconds(20))
                    .trustStore(truststore, "changeit".toCharArray()).build()));
            // The handshake passes; the logon itself gets the server's 404.
            assertThat(trusted).isNotNull().hasMessageContaining("404");
            assertThat(trusted).satisfies(t -> assertThat(stackOf(t)).doesNotContain("PKIX"));
            httpsChecks++;
        } finally {
            server.stop(0);
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }

    private static String stackOf(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
