package org.iaasengine.powervm.rest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.atom.AtomEntry;
import org.iaasengine.powervm.xml.web.HttpErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@link PowerVmClient}: the {@code java.net.http} client (TLS with the configured
 * trust store, no redirects), the uom and web base URIs, one exchange with its failures classified
 * (connect timeout and I/O TRANSIENT, no answer TIMEOUT, interrupt CANCELLED), and the error answers
 * of the server read into classified {@link PowerVmException}s.
 *
 * <p>The HTTP client's work runs on a pool of threads named {@code iaas-powervm-http-<n>}, shut
 * down by {@link #close()}; on a JDK whose {@code HttpClient} can be closed (21 and later), its
 * selector thread ends there too, else when the client is collected.
 */
final class HttpTransport {
    private static final Logger LOG = LoggerFactory.getLogger(PowerVmClient.class);
    /** The header that carries the session token. */
    static final String SESSION_HEADER = "X-API-Session";

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final PowerVmConfig config;
    private final ExecutorService workers;
    private final HttpClient http;
    private final URI uom;
    private final URI web;

    HttpTransport(PowerVmConfig config) {
        this.config = config;
        SSLContext tls = config.trustStore().isPresent() ? sslContext(config) : null;
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "iaas-powervm-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).executor(workers);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
        String base = config.baseUri().toString().replaceAll("/+$", "");
        this.uom = URI.create(base + "/rest/api/uom/");
        this.web = URI.create(base + "/rest/api/web/");
    }

    /** Stops the HTTP client's threads; requests after this fail. */
    void close() {
        workers.shutdownNow();
        if (http instanceof AutoCloseable closeable) { // HttpClient is AutoCloseable from JDK 21 on
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the HTTP client of {} failed", config.baseUri(), e);
            }
        }
    }

    /** The URI of {@code path} in the web API (logon). */
    URI web(String path) {
        return web.resolve(path);
    }

    private static SSLContext sslContext(PowerVmConfig config) {
        char[] pw = config.trustStorePassword();
        try (InputStream in = Files.newInputStream(config.trustStore().orElseThrow())) {
            KeyStore ks = KeyStore.getInstance(config.trustStoreType());
            ks.load(in, pw);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new PowerVmException(FailureCategory.INVALID_INPUT,
                    "cannot load trust store " + config.trustStore().orElseThrow(), 0, null, null, null, e);
        } finally {
            if (pw != null) {
                Arrays.fill(pw, '\0');
            }
        }
    }

    /** A request to the uom API at {@code path}, carrying the session token {@code session} (may be null). */
    HttpRequest request(String method, String path, byte[] body, String contentType, String accept,
            String ifMatch, Duration timeout, String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uom.resolve(path)).timeout(timeout)
                .header(SESSION_HEADER, session == null ? "" : session)
                .header("Accept", accept);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return b.build();
    }

    /**
     * Sends one request. An uninterruptible exchange (still bounded by the request's timeout) is
     * used to start a job: once the server has created the job, the client must learn its id so
     * that a cancel that arrives meanwhile can cancel the job instead of leaving it running.
     */
    HttpResponse<byte[]> exchange(HttpRequest req, String path, boolean interruptible) {
        return exchange(req, HttpResponse.BodyHandlers.ofByteArray(), path, interruptible);
    }

    /** {@link #exchange(HttpRequest, String, boolean)} with the answer's body read by {@code handler}. */
    <T> HttpResponse<T> exchange(HttpRequest req, HttpResponse.BodyHandler<T> handler, String path,
            boolean interruptible) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<T> resp;
            if (interruptible) {
                resp = http.send(req, handler);
            } else {
                try {
                    resp = http.sendAsync(req, handler).join();
                } catch (java.util.concurrent.CompletionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw e;
                }
            }
            LOG.debug("{} {} -> {} in {} ms", req.method(), path, resp.statusCode(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return resp;
        } catch (HttpConnectTimeoutException e) {
            throw PowerVmException.noAnswer(FailureCategory.TRANSIENT, req.method() + " " + path + ": cannot connect to "
                    + config.baseUri() + " within " + config.connectTimeout(), path, e);
        } catch (HttpTimeoutException e) {
            throw PowerVmException.noAnswer(FailureCategory.TIMEOUT, req.method() + " " + path + ": no answer from "
                    + config.baseUri() + " within " + req.timeout().orElse(null), path, e);
        } catch (IOException e) {
            throw PowerVmException.noAnswer(FailureCategory.TRANSIENT, req.method() + " " + path + ": connection to "
                    + config.baseUri() + " failed (" + e.getClass().getSimpleName() + ")", path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PowerVmException.noAnswer(FailureCategory.CANCELLED, req.method() + " " + path + " was interrupted",
                    path, e);
        }
    }

    /**
     * A request to the web API at {@code path} (the File API) with {@code body}, carrying the
     * session token {@code session}.
     */
    HttpRequest webRequest(String method, String path, HttpRequest.BodyPublisher body, String contentType,
            String accept, Duration timeout, String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(web.resolve(path)).timeout(timeout)
                .header(SESSION_HEADER, session == null ? "" : session)
                .header("Accept", accept);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return b.method(method, body).build();
    }

    /** Fails (classified) unless the answer's status is one of {@code ok}. */
    void expect(HttpResponse<byte[]> resp, String path, String what, int... ok) {
        for (int s : ok) {
            if (resp.statusCode() == s) {
                return;
            }
        }
        throw failure(resp, path, what);
    }

    /** The classified failure of an answer, naming {@code what} was tried at {@code path}. */
    PowerVmException failure(HttpResponse<byte[]> resp, String path, String what) {
        return failure(resp.statusCode(), resp.body(), path, what);
    }

    /** The classified failure of an answer of {@code status} with {@code body}. */
    PowerVmException failure(int status, byte[] body, String path, String what) {
        HttpErrorResponse err = parseError(body);
        FailureCategory category = ErrorClassifier.classify(status, err, path);
        StringBuilder msg = new StringBuilder(what).append(" at ").append(path).append(": HTTP ").append(status);
        if (err != null) {
            if (err.reasonCode != null) {
                msg.append(" reason '").append(err.reasonCode.trim()).append("'");
            }
            if (err.message != null) {
                msg.append(": ").append(err.message.trim());
            }
        }
        return new PowerVmException(category, msg.toString(), status, err == null ? null : trim(err.reasonCode), null,
                path, null);
    }

    private static HttpErrorResponse parseError(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return PowerVmXml.unmarshal(body, AtomEntry.class).content(HttpErrorResponse.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
