package org.iaasengine.powervm.rest;

import org.iaasengine.core.InvalidInputException;

import com.google.common.base.Preconditions;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How to reach an HMC or NovaLink: base URI, credentials, trust store and timeouts. HTTPS is
 * verified against the JDK's trust store, or against the given one; plain HTTP is accepted only
 * for a loopback address (the simulator). {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * PowerVmConfig config = PowerVmConfig.builder(URI.create("https://hmc1.example.com:12443"))
 *         .credentials("hscroot", System.getenv("HMC_PASSWORD").toCharArray())
 *         .trustStore(Path.of("/etc/iaas/hmc-truststore.p12"), "changeit".toCharArray())
 *         .requestTimeout(Duration.ofSeconds(60))
 *         .build();
 * }</pre>
 */
public final class PowerVmConfig {
    private final URI baseUri;
    private final String user;
    private final char[] password;
    private final Path trustStore;
    private final char[] trustStorePassword;
    private final String trustStoreType;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration jobPollInterval;
    private final Duration eventWait;
    private final int maxEtagRetries;
    private final Duration etagRetryDelay;

    private PowerVmConfig(Builder b) {
        this.baseUri = b.baseUri;
        this.user = b.user;
        this.password = b.password;
        this.trustStore = b.trustStore;
        this.trustStorePassword = b.trustStorePassword;
        this.trustStoreType = b.trustStoreType;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.jobPollInterval = b.jobPollInterval;
        this.eventWait = b.eventWait;
        this.maxEtagRetries = b.maxEtagRetries;
        this.etagRetryDelay = b.etagRetryDelay;
    }

    /** A builder for the server at {@code baseUri} ({@code https://host:12443}). */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    public URI baseUri() {
        return baseUri;
    }

    public String user() {
        return user;
    }

    /** A copy of the password (the caller should clear it after use). */
    char[] password() {
        return password.clone();
    }

    public java.util.Optional<Path> trustStore() {
        return java.util.Optional.ofNullable(trustStore);
    }

    char[] trustStorePassword() {
        return trustStorePassword == null ? null : trustStorePassword.clone();
    }

    public String trustStoreType() {
        return trustStoreType;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The timeout of every request (the long-poll event read adds {@link #eventWait()}). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The wait between two polls of a running job. */
    public Duration jobPollInterval() {
        return jobPollInterval;
    }

    /** How long the server may hold an event long-poll open. */
    public Duration eventWait() {
        return eventWait;
    }

    /** How many times an update is re-read and retried after a 412 etag conflict. */
    public int maxEtagRetries() {
        return maxEtagRetries;
    }

    /** The wait before an update is re-read and retried after a 412 (default: none). */
    public Duration etagRetryDelay() {
        return etagRetryDelay;
    }

    @Override
    public String toString() {
        return "PowerVmConfig[" + baseUri + ", user=" + user + ", password=****"
                + (trustStore != null ? ", trustStore=" + trustStore : "") + ", requestTimeout=" + requestTimeout + "]";
    }

    /** Builds a {@link PowerVmConfig}; each setter checks its argument and names the bad value. */
    public static final class Builder {
        private final URI baseUri;
        private String user;
        private char[] password;
        private Path trustStore;
        private char[] trustStorePassword;
        private String trustStoreType = "PKCS12";
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration jobPollInterval = Duration.ofSeconds(1);
        private Duration eventWait = Duration.ofSeconds(30);
        private int maxEtagRetries = 5;
        private Duration etagRetryDelay = Duration.ZERO;

        private Builder(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            String scheme = baseUri.getScheme();
            InvalidInputException.check("https".equals(scheme) || "http".equals(scheme),
                    "PowerVM base URI must be https (or http on loopback): '%s'", baseUri);
            InvalidInputException.check(baseUri.getHost() != null, "PowerVM base URI has no host: '%s'", baseUri);
            if ("http".equals(scheme)) {
                InvalidInputException.check(isLoopback(baseUri.getHost()),
                        "plain http is allowed only on loopback, not for '%s'; use https", baseUri);
            }
            this.baseUri = baseUri;
        }

        private static boolean isLoopback(String host) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }

        /** The user and password (the array is copied). */
        public Builder credentials(String userId, char[] secret) {
            InvalidInputException.check(userId != null && !userId.isBlank(), "user must not be blank: '%s'", userId);
            InvalidInputException.check(secret != null && secret.length > 0, "password of user '%s' is empty", userId);
            this.user = userId;
            this.password = Arrays.copyOf(secret, secret.length);
            return this;
        }

        /** A trust store (PKCS12 by default) holding the server's certificate or its CA. */
        public Builder trustStore(Path path, char[] storePassword) {
            this.trustStore = Objects.requireNonNull(path, "trustStore");
            this.trustStorePassword = storePassword == null ? null : storePassword.clone();
            return this;
        }

        public Builder trustStoreType(String type) {
            this.trustStoreType = Objects.requireNonNull(type, "trustStoreType");
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        public Builder jobPollInterval(Duration d) {
            this.jobPollInterval = positive(d, "jobPollInterval");
            return this;
        }

        public Builder eventWait(Duration d) {
            this.eventWait = positive(d, "eventWait");
            return this;
        }

        public Builder maxEtagRetries(int n) {
            InvalidInputException.check(n >= 0, "maxEtagRetries must not be negative, was %s", n);
            this.maxEtagRetries = n;
            return this;
        }

        /** The wait before a re-read after a 412; zero (the default) re-reads at once. */
        public Builder etagRetryDelay(Duration d) {
            Objects.requireNonNull(d, "etagRetryDelay");
            InvalidInputException.check(!d.isNegative(), "etagRetryDelay must not be negative, was %s", d);
            this.etagRetryDelay = d;
            return this;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            InvalidInputException.check(!d.isNegative() && !d.isZero(), "%s must be positive, was %s", what, d);
            return d;
        }

        public PowerVmConfig build() {
            Preconditions.checkState(user != null, "credentials are required for %s", baseUri);
            return new PowerVmConfig(this);
        }
    }
}
