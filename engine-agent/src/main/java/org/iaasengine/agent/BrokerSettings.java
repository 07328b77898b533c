package org.iaasengine.agent;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.SocketConfigurator;
import com.rabbitmq.client.SocketConfigurators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.iaasengine.core.InvalidInputException;

/**
 * Where and as whom an agent connects to RabbitMQ: the broker URL ({@code amqp://host:port/vhost}
 * or {@code amqps://...}, the vhost percent-decoded, default ports 5672 and 5671), the user name and
 * password read from a credentials file, and for {@code amqps} an optional CA file (PEM, one or more
 * certificates) that is then the only thing trusted. Everything is checked when the settings are
 * made, so a bad file or URL is refused at start, naming it, and not at the first connection.
 *
 * <p>The credentials file is Java properties with exactly the keys {@code username} and
 * {@code password} (a backslash in the password is written {@code \\}). Like ssh with a private key,
 * it is refused if its group or others may read or write it ({@code chmod 600} it). A password in
 * the URL is refused: it would show in process lists, logs and unit files.
 *
 * <pre>{@code
 * BrokerSettings broker = BrokerSettings.of("amqps://rabbit.example.com/iaas",
 *         Path.of("/etc/iaas-engine/agent.credentials"), Path.of("/etc/iaas-engine/broker-ca.pem"));
 * try (Connection c = broker.factory().newConnection("iaas-agent-host-a")) { ... }
 * }</pre>
 *
 * <p>{@link #toString()} shows the user, host, port, vhost and whether TLS is on; never the password.
 */
public final class BrokerSettings {
    /** The TCP connect and AMQP handshake timeouts, and the heartbeat asked of the broker. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** How long automatic recovery waits between attempts to connect again. */
    public static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(2);
    /** The TLS versions an {@code amqps} connection may use, best first. */
    public static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Set<PosixFilePermission> NOT_FOR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final Set<String> CREDENTIAL_KEYS = Set.of("username", "password");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(://[^/@:?#]*):[^/@?#]*@");
    /** Larger than any sane CA bundle; a bigger "CA file" is some other file. */
    private static final long MAX_CA_BYTES = 4L << 20;

    private final boolean tls;
    private final String host;
    private final int port;
    private final String virtualHost;
    private final String username;
    private final char[] password;
    private final Optional<Path> credentialsFile;
    private final Optional<Path> caFile;
    private final List<X509Certificate> caCertificates;

    private BrokerSettings(Url url, String username, char[] password, Path credentialsFile, Path caFile) {
        InvalidInputException.check(username != null && !username.isBlank(), "the broker user name is empty");
        InvalidInputException.check(password != null && password.length > 0, "the broker password of user '%s' is empty",
                username);
        this.tls = url.tls;
        this.host = url.host;
        this.port = url.port;
        this.virtualHost = url.virtualHost;
        this.username = username;
        this.password = password.clone();
        this.credentialsFile = Optional.ofNullable(credentialsFile);
        this.caFile = Optional.ofNullable(caFile);
        InvalidInputException.check(caFile == null || tls,
                "a CA file (%s) is given for broker URL '%s', which is not amqps://: TLS needs amqps://", caFile,
                url.text);
        this.caCertificates = caFile == null ? List.of() : readCaFile(caFile);
    }

    /**
     * The settings of {@code url}, with the user name and password read from {@code credentialsFile}
     * and, for {@code amqps}, trusting only the certificates in {@code caFile} (or, when it is null,
     * the JVM's default trust store).
     *
     * @throws InvalidInputException naming the URL or file that is refused, and why
     */
    public static BrokerSettings of(String url, Path credentialsFile, Path caFile) {
        Url u = Url.parse(url);
        InvalidInputException.check(credentialsFile != null, "no broker credentials file is given");
        Credentials c = readCredentials(credentialsFile);
        try {
            return new BrokerSettings(u, c.username, c.password, credentialsFile, caFile);
        } finally {
            Arrays.fill(c.password, '\0');
        }
    }

    /**
     * Settings with the user name and password given here rather than read from a file: for tests
     * and for programs that embed the agent and keep credentials their own way.
     *
     * <pre>{@code
     * BrokerSettings broker = BrokerSettings.withCredentials("amqp://127.0.0.1/iaas", "iaas-agent-host-a", secret, null);
     * }</pre>
     */
    public static BrokerSettings withCredentials(String url, String username, String password, Path caFile) {
        Url u = Url.parse(url);
        return new BrokerSettings(u, username, password == null ? null : password.toCharArray(), null, caFile);
    }

    /**
     * A new connection factory for these settings: connect and handshake timeouts of 10 s, a 10 s
     * heartbeat, automatic connection and topology recovery every 2 s; for {@code amqps}, TLS 1.3 or
     * 1.2 trusting exactly the CA file's certificates (or the JVM's default trust store when there
     * is no CA file), with the broker's host name verified against its certificate.
     */
    public ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(host);
        f.setPort(port);
        f.setVirtualHost(virtualHost);
        f.setUsername(username);
        f.setPassword(new String(password));
        f.setConnectionTimeout(Math.toIntExact(CONNECTION_TIMEOUT.toMillis()));
        f.setHandshakeTimeout(Math.toIntExact(HANDSHAKE_TIMEOUT.toMillis()));
        f.setRequestedHeartbeat(Math.toIntExact(HEARTBEAT.toSeconds()));
        f.setAutomaticRecoveryEnabled(true);
        f.setTopologyRecoveryEnabled(true);
        f.setNetworkRecoveryInterval(RECOVERY_INTERVAL.toMillis());
        if (tls) {
            SSLContext ctx = sslContext();
            SocketConfigurator protocols = socket -> {
                if (socket instanceof SSLSocket s) {
                    List<String> supported = Arrays.asList(s.getSupportedProtocols());
                    s.setEnabledProtocols(TLS_PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
                }
            };
            f.setSocketConfigurator(SocketConfigurators.defaultConfigurator().andThen(protocols));
            f.useSslProtocol(ctx);
            f.enableHostnameVerification();
        }
        return f;
    }

    /** The TLS context of an {@code amqps} connection: TLS 1.3 (or 1.2 where 1.3 is missing). */
    private SSLContext sslContext() {
        try {
            SSLContext ctx;
            try {
                ctx = SSLContext.getInstance(TLS_PROTOCOLS.get(0));
            } catch (NoSuchAlgorithmException e) {
                ctx = SSLContext.getInstance(TLS_PROTOCOLS.get(1));
            }
            if (caCertificates.isEmpty()) {
                ctx.init(null, null, null); // the JVM's default trust store
            } else {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                for (int i = 0; i < caCertificates.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, caCertificates.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                ctx.init(null, tmf.getTrustManagers(), null);
            }
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not set up TLS for broker " + host + ":" + port + ": " + e, e);
        }
    }

    /** True for {@code amqps}. */
    public boolean tls() {
        return tls;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The vhost, percent-decoded ({@code /} for a URL without a path or with {@code /} alone). */
    public String virtualHost() {
        return virtualHost;
    }

    public String username() {
        return username;
    }

    /** The file the credentials were read from; empty for {@link #withCredentials}. */
    public Optional<Path> credentialsFile() {
        return credentialsFile;
    }

    public Optional<Path> caFile() {
        return caFile;
    }

    /** The certificates of the CA file, in file order; empty without one. */
    public List<X509Certificate> caCertificates() {
        return caCertificates;
    }

    /** The URL, without credentials: {@code amqps://host:port/vhost} with the vhost percent-encoded. */
    public String url() {
        return (tls ? "amqps" : "amqp") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                + encode(virtualHost);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrokerSettings b && tls == b.tls && port == b.port && host.equals(b.host)
                && virtualHost.equals(b.virtualHost) && username.equals(b.username)
                && Arrays.equals(password, b.password) && credentialsFile.equals(b.credentialsFile)
                && caFile.equals(b.caFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tls, host, port, virtualHost, username, credentialsFile, caFile);
    }

    @Override
    public String toString() {
        return "BrokerSettings[user=" + username + ", host=" + host + ", port=" + port + ", vhost=" + virtualHost
                + ", tls=" + tls + caFile.map(p -> ", ca=" + p).orElse("")
                + credentialsFile.map(p -> ", credentials=" + p).orElse("") + "]";
    }

    /** {@code url} with the password of its user-info, if any, shown as {@code ****}: for messages. */
    static String masked(String url) {
        return url == null ? null : USER_INFO_PASSWORD.matcher(url).replaceFirst("$1:****@");
    }

    private record Credentials(String username, char[] password) {
    }

    private static Credentials readCredentials(Path file) {
        InvalidInputException.check(Files.exists(file), "broker credentials file %s does not exist", file);
        InvalidInputException.check(Files.isRegularFile(file), "broker credentials file %s is not a regular file", file);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> perms;
            try {
                perms = Files.getPosixFilePermissions(file);
            } catch (IOException e) {
                throw new InvalidInputException("cannot read the permissions of broker credentials file " + file
                        + ": " + e, e);
            }
            Set<PosixFilePermission> wrong = EnumSet.copyOf(NOT_FOR_OTHERS);
            wrong.retainAll(perms);
            InvalidInputException.check(wrong.isEmpty(),
                    "broker credentials file %s is %s: group or others may read or write it (%s); "
                            + "make it readable by its owner only: chmod 600 %s",
                    file, PosixFilePermissions.toString(perms), wrong, file);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            // The message of a malformed \\u escape does not hold the password: it names the escape.
            throw new InvalidInputException("cannot read broker credentials file " + file + ": " + e, e);
        }
        Set<String> extra = new TreeSet<>(p.stringPropertyNames());
        extra.removeAll(CREDENTIAL_KEYS);
        InvalidInputException.check(extra.isEmpty(),
                "broker credentials file %s has unknown keys %s: it holds exactly username= and password=", file, extra);
        List<String> missing = new ArrayList<>();
        for (String k : List.of("username", "password")) {
            if (p.getProperty(k) == null || p.getProperty(k).isEmpty()) {
                missing.add(k);
            }
        }
        InvalidInputException.check(missing.isEmpty(), "broker credentials file %s lacks %s (it holds exactly "
                + "username= and password=)", file, missing.stream().map(k -> k + "=").toList());
        return new Credentials(p.getProperty("username").strip(), p.getProperty("password").toCharArray());
    }

    private static List<X509Certificate> readCaFile(Path file) {
        InvalidInputException.check(Files.isRegularFile(file), "broker CA file %s does not exist or is not a file", file);
        byte[] pem;
        try (InputStream in = Files.newInputStream(file)) {
            pem = readAtMost(in, MAX_CA_BYTES, file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read broker CA file " + file + ": " + e, e);
        }
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Certificate c : cf.generateCertificates(new java.io.ByteArrayInputStream(pem))) {
                certs.add((X509Certificate) c);
            }
        } catch (CertificateException e) {
            throw new InvalidInputException("broker CA file " + file + " is not PEM certificates: " + e.getMessage(), e);
        }
        InvalidInputException.check(!certs.isEmpty(), "broker CA file %s holds no certificate", file);
        return List.copyOf(certs);
    }

    private static byte[] readAtMost(InputStream in, long max, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) != -1; ) {
            out.write(buf, 0, n);
            InvalidInputException.check(out.size() <= max, "broker CA file %s is larger than %s bytes", file, max);
        }
        return out.toByteArray();
    }

    private static String encode(String vhost) {
        StringBuilder b = new StringBuilder();
        for (byte x : vhost.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** A parsed broker URL. */
    private record Url(String text, boolean tls, String host, int port, String virtualHost) {
        static Url parse(String url) {
            InvalidInputException.check(url != null && !url.isBlank(), "no broker URL is given");
            String shown = masked(url.strip());
            URI u;
            try {
                u = new URI(url.strip());
            } catch (URISyntaxException e) {
                throw new InvalidInputException("broker URL '" + shown + "' does not parse (" + e.getReason()
                        + "); write amqp://host:port/vhost or amqps://host:port/vhost");
            }
            String scheme = u.getScheme();
            InvalidInputException.check(scheme != null && (scheme.equalsIgnoreCase("amqp") || scheme.equalsIgnoreCase("amqps")),
                    "broker URL '%s' has scheme '%s': it must be amqp or amqps", shown, scheme);
            InvalidInputException.check(!u.isOpaque(), "broker URL '%s' does not parse: write %s://host:port/vhost", shown,
                    scheme);
            String userInfo = u.getRawUserInfo();
            InvalidInputException.check(userInfo == null || !userInfo.contains(":"),
                    "broker URL '%s' carries a password: put credentials in the credentials file "
                            + "(username= and password=), not in the URL", shown);
            InvalidInputException.check(userInfo == null,
                    "broker URL '%s' carries user name '%s': put credentials in the credentials file "
                            + "(username= and password=), not in the URL", shown, userInfo);
            InvalidInputException.check(u.getHost() != null && !u.getHost().isEmpty(),
                    "broker URL '%s' does not parse: it has no host name (write %s://host:port/vhost)", shown, scheme);
            InvalidInputException.check(u.getRawQuery() == null && u.getRawFragment() == null,
                    "broker URL '%s' has a query or fragment: the agent sets timeouts and heartbeat itself; "
                            + "write %s://host:port/vhost", shown, scheme);
            boolean tls = scheme.equalsIgnoreCase("amqps");
            int port = u.getPort() == -1 ? (tls ? ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT
                    : ConnectionFactory.DEFAULT_AMQP_PORT) : u.getPort();
            InvalidInputException.check(port >= 1 && port <= 65535, "broker URL '%s' has port %s: it must be 1 to 65535",
                    shown, port);
            String host = u.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            String vhost;
            if (path.isEmpty() || path.equals("/")) {
                vhost = "/";
            } else {
                String segment = path.substring(1);
                InvalidInputException.check(!segment.contains("/"), "broker URL '%s' has path '%s': the vhost is one "
                        + "path segment (write a '/' inside it as %%2F)", shown, path);
                vhost = decode(segment, shown);
            }
            return new Url(shown, tls, host, port, vhost);
        }

        private static String decode(String s, String shown) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '%') {
                    int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                    int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                    InvalidInputException.check(hi >= 0 && lo >= 0,
                            "broker URL '%s' has a bad percent escape in its vhost '%s'", shown, s);
                    out.write(hi << 4 | lo);
                    i += 2;
                } else {
                    int cp = s.codePointAt(i);
                    byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                    out.write(b, 0, b.length);
                    i += Character.charCount(cp) - 1;
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
