package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.iaasengine.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker settings are checked when made: URL, credentials file (and its permissions) and CA file;
 * the connection factory has the timeouts, recovery and, for amqps, TLS trusting exactly the CA file.
 * The TLS material is fixed, in src/test/resources/tls (made once by make-test-certs.sh there).
 */
class BrokerSettingsTest {
    static final String PASSWORD = "s3cret-Pa55";

    @TempDir
    Path dir;

    static Path credentials(Path dir, String body, String mode) throws IOException {
        Path f = dir.resolve("agent.credentials");
        Files.writeString(f, body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    static Path credentials(Path dir) throws IOException {
        return credentials(dir, "username=iaas-agent-host-a\npassword=" + PASSWORD + "\n", "rw-------");
    }

    static Path resource(String name) {
        try {
            return Path.of(BrokerSettingsTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theUrlGivesHostPortAndPercentDecodedVhostWithDefaultPorts() throws IOException {
        Path c = credentials(dir);
        BrokerSettings plain = BrokerSettings.of("amqp://rabbit.example.com/iaas%2Fprod", c, null);
        assertThat(plain.tls()).isFalse();
        assertThat(plain.host()).isEqualTo("rabbit.example.com");
        assertThat(plain.port()).isEqualTo(5672);
        assertThat(plain.virtualHost()).isEqualTo("iaas/prod");
        assertThat(plain.username()).isEqualTo("iaas-agent-host-a");
        assertThat(plain.url()).isEqualTo("amqp://rabbit.example.com:5672/iaas%2Fprod");

        BrokerSettings tls = BrokerSettings.of("amqps://rabbit.example.com/iaas", c, null);
        assertThat(tls.tls()).isTrue();
        assertThat(tls.port()).isEqualTo(5671);

        assertThat(BrokerSettings.of("amqp://10.0.0.5:15672", c, null).port()).isEqualTo(15672);
        assertThat(BrokerSettings.of("amqp://10.0.0.5:15672", c, null).virtualHost()).isEqualTo("/");
        assertThat(BrokerSettings.of("amqp://rabbit/", c, null).virtualHost()).isEqualTo("/");
        assertThat(BrokerSettings.of("amqp://rabbit/%2F", c, null).virtualHost()).isEqualTo("/");
        assertThat(BrokerSettings.of("amqp://[::1]:5673/v", c, null).host()).isEqualTo("::1");
    }

    @Test
    void aUrlCarryingAPasswordIsRefusedWithoutShowingIt() throws IOException {
        Path c = credentials(dir);
        assertThatThrownBy(() -> BrokerSettings.of("amqp://agent:hunter2secret@rabbit/iaas", c, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("carries a password")
                .hasMessageContaining("put credentials in the credentials file")
                .hasMessageContaining("amqp://agent:****@rabbit/iaas")
                .hasMessageNotContaining("hunter2secret");
        assertThatThrownBy(() -> BrokerSettings.withCredentials("amqp://agent:hunter2secret@rabbit/iaas", "a", "b", null))
                .hasMessageNotContaining("hunter2secret");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://agent@rabbit/iaas", c, null))
                .hasMessageContaining("carries user name 'agent'").hasMessageContaining("credentials file");
    }

    @Test
    void aBadSchemeOrAUrlThatDoesNotParseIsRefusedNamingIt() throws IOException {
        Path c = credentials(dir);
        assertThatThrownBy(() -> BrokerSettings.of("http://rabbit/iaas", c, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'http://rabbit/iaas'").hasMessageContaining("scheme 'http'")
                .hasMessageContaining("amqp or amqps");
        assertThatThrownBy(() -> BrokerSettings.of("rabbit:5672", c, null)).hasMessageContaining("'rabbit:5672'");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://rab bit/iaas", c, null))
                .hasMessageContaining("'amqp://rab bit/iaas' does not parse");
        assertThatThrownBy(() -> BrokerSettings.of("amqp:///iaas", c, null)).hasMessageContaining("no host name");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://rabbit/a/b", c, null))
                .hasMessageContaining("path '/a/b'").hasMessageContaining("%2F");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://rabbit/iaas?heartbeat=5", c, null))
                .hasMessageContaining("query");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://rabbit:70000/iaas", c, null))
                .hasMessageContaining("port 70000");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://rabbit/i%zz", c, null))
                .hasMessageContaining("'amqp://rabbit/i%zz' does not parse (Malformed escape pair)");
    }

    @Test
    void aCredentialsFileGroupOrOthersMayReadOrWriteIsRefusedNamingIt() throws IOException {
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-"}) {
            Path c = credentials(dir, "username=u\npassword=" + PASSWORD + "\n", mode);
            assertThatThrownBy(() -> BrokerSettings.of("amqp://rabbit/iaas", c, null))
                    .as(mode)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("broker credentials file " + c + " is " + mode)
                    .hasMessageContaining("chmod 600 " + c)
                    .hasMessageNotContaining(PASSWORD);
        }
        Path ok = credentials(dir, "username=u\npassword=" + PASSWORD + "\n", "r--------");
        assertThat(BrokerSettings.of("amqp://rabbit/iaas", ok, null).username()).isEqualTo("u");
    }

    @Test
    void aMissingCredentialsFileOrOneLackingAKeyIsRefusedNamingIt() throws IOException {
        Path missing = dir.resolve("nope.credentials");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://rabbit/iaas", missing, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(missing + " does not exist");
        Path noPassword = credentials(dir, "username=u\n", "rw-------");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://rabbit/iaas", noPassword, null))
                .hasMessageContaining(noPassword.toString()).hasMessageContaining("lacks [password=]");
        Path empty = credentials(dir, "", "rw-------");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://rabbit/iaas", empty, null))
                .hasMessageContaining("lacks [username=, password=]");
        Path extra = credentials(dir, "username=u\npassword=p\nuser=u\n", "rw-------");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://rabbit/iaas", extra, null))
                .hasMessageContaining(extra.toString()).hasMessageContaining("unknown keys [user]");
    }

    @Test
    void theFactoryHasTheCredentialsTimeoutsHeartbeatAndRecovery() throws IOException {
        ConnectionFactory f = BrokerSettings.of("amqp://rabbit.example.com:5673/iaas", credentials(dir), null).factory();
        assertThat(f.getHost()).isEqualTo("rabbit.example.com");
        assertThat(f.getPort()).isEqualTo(5673);
        assertThat(f.getVirtualHost()).isEqualTo("iaas");
        assertThat(f.getUsername()).isEqualTo("iaas-agent-host-a");
        assertThat(f.getPassword()).isEqualTo(PASSWORD);
        assertThat(f.getConnectionTimeout()).isEqualTo(10_000);
        assertThat(f.getHandshakeTimeout()).isEqualTo(10_000);
        assertThat(f.getRequestedHeartbeat()).isEqualTo(10);
        assertThat(f.isAutomaticRecoveryEnabled()).isTrue();
        assertThat(f.isTopologyRecoveryEnabled()).isTrue();
        assertThat(f.getNetworkRecoveryInterval()).isEqualTo(2_000);
        assertThat(f.isSSL()).isFalse();
    }

    @Test
    void anAmqpsFactoryHasAnSslSocketFactoryWithOrWithoutACaFile() throws IOException {
        ConnectionFactory withCa = BrokerSettings.of("amqps://localhost/iaas", credentials(dir),
                resource("broker-ca.pem")).factory();
        assertThat(withCa.isSSL()).isTrue();
        assertThat(withCa.getSocketFactory()).isInstanceOf(SSLSocketFactory.class);
        ConnectionFactory jvmTrust = BrokerSettings.of("amqps://localhost/iaas", credentials(dir), null).factory();
        assertThat(jvmTrust.isSSL()).isTrue();
        assertThat(jvmTrust.getSocketFactory()).isInstanceOf(SSLSocketFactory.class);
    }

    @Test
    void aCaPemOfOneOrMoreCertificatesIsLoaded() throws IOException {
        Path c = credentials(dir);
        BrokerSettings one = BrokerSettings.of("amqps://localhost/iaas", c, resource("broker-ca.pem"));
        assertThat(one.caCertificates()).hasSize(1);
        assertThat(one.caCertificates().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=iaas test broker CA");
        BrokerSettings bundle = BrokerSettings.of("amqps://localhost/iaas", c, resource("ca-bundle.pem"));
        assertThat(bundle.caCertificates()).extracting(x -> x.getSubjectX500Principal().getName())
                .containsExactly("CN=iaas test broker CA", "CN=iaas test other CA");
    }

    @Test
    void aBadCaFileOrACaFileForPlainAmqpIsRefusedNamingIt() throws IOException {
        Path c = credentials(dir);
        Path notPem = dir.resolve("ca.pem");
        Files.writeString(notPem, "hello\n");
        assertThatThrownBy(() -> BrokerSettings.of("amqps://localhost/iaas", c, notPem))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(notPem.toString());
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> BrokerSettings.of("amqps://localhost/iaas", c, missing))
                .hasMessageContaining(missing + " does not exist");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://localhost/iaas", c, resource("broker-ca.pem")))
                .hasMessageContaining("not amqps://").hasMessageContaining("broker-ca.pem");
    }

    @Test
    void toStringShowsUserHostPortVhostAndTlsButNeverThePassword() throws IOException {
        BrokerSettings fromFile = BrokerSettings.of("amqps://rabbit.example.com/iaas", credentials(dir), null);
        assertThat(fromFile.toString()).contains("user=iaas-agent-host-a", "host=rabbit.example.com", "port=5671",
                "vhost=iaas", "tls=true").doesNotContain(PASSWORD);
        BrokerSettings given = BrokerSettings.withCredentials("amqp://rabbit/iaas", "embedder", PASSWORD, null);
        assertThat(given.toString()).contains("user=embedder", "tls=false").doesNotContain(PASSWORD);
        assertThat(given.factory().getPassword()).isEqualTo(PASSWORD);
        assertThat(given.credentialsFile()).isEmpty();
        assertThatThrownBy(() -> BrokerSettings.withCredentials("amqp://rabbit/iaas", "embedder", "", null))
                .hasMessageContaining("password of user 'embedder' is empty");
    }

    /**
     * A real TLS handshake on loopback against a server whose certificate (CN and SAN localhost)
     * the test CA signed: trusted through the CA file; not through another CA; and refused when the
     * name connected to is not the certificate's (host name verification is on).
     */
    @Test
    void theAmqpsFactoryTrustsExactlyTheCaFileAndVerifiesTheHostName() throws Exception {
        Path c = credentials(dir);
        ConnectionFactory trusted = BrokerSettings.of("amqps://localhost/iaas", c, resource("broker-ca.pem")).factory();
        ConnectionFactory other = BrokerSettings.of("amqps://localhost/iaas", c, resource("other-ca.pem")).factory();
        ConnectionFactory bundle = BrokerSettings.of("amqps://localhost/iaas", c, resource("ca-bundle.pem")).factory();
        try (SSLServerSocket server = tlsServer()) {
            int port = server.getLocalPort();
            assertThat(handshake(server, trusted, "localhost", port)).isNull();
            assertThat(handshake(server, bundle, "localhost", port)).isNull();
            assertThat(handshake(server, other, "localhost", port)).isInstanceOf(SSLHandshakeException.class);
            assertThat(handshake(server, trusted, "wrong.example", port)).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("wrong.example");
        }
    }

    @Test
    void anAmqpsSocketOffersOnlyTls13And12() throws Exception {
        ConnectionFactory f = BrokerSettings.of("amqps://localhost/iaas", credentials(dir), resource("broker-ca.pem"))
                .factory();
        try (SSLSocket s = (SSLSocket) f.getSocketFactory().createSocket()) {
            f.getSocketConfigurator().configure(s);
            assertThat(s.getEnabledProtocols()).isNotEmpty().isSubsetOf("TLSv1.3", "TLSv1.2");
            assertThat(s.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        }
    }

    private static SSLServerSocket tlsServer() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(resource("broker-server.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 4,
                InetAddress.getLoopbackAddress());
        server.setSoTimeout(10_000);
        return server;
    }

    /** Connects the way the client library does (create, configure, connect); the handshake's error or null. */
    private static Exception handshake(SSLServerSocket server, ConnectionFactory f, String name, int port)
            throws Exception {
        CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                s.getOutputStream().write(1);
                s.getOutputStream().flush();
            } catch (IOException e) {
                // the client refused us: what the test looks at is the client's side
            }
        });
        Exception error = null;
        try (Socket s = f.getSocketFactory().createSocket()) {
            f.getSocketConfigurator().configure(s);
            InetAddress loopback = InetAddress.getByAddress(name, InetAddress.getLoopbackAddress().getAddress());
            s.connect(new InetSocketAddress(loopback, port), 5_000);
            s.setSoTimeout(5_000);
            ((SSLSocket) s).startHandshake();
            assertThat(s.getInputStream().read()).isEqualTo(1);
        } catch (SSLHandshakeException e) {
            error = e;
        }
        served.get(15, TimeUnit.SECONDS);
        return error;
    }
}
