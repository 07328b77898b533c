package org.iaasengine.powervm.rest;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.atom.AtomEntry;
import org.iaasengine.powervm.xml.atom.AtomFeed;
import org.iaasengine.powervm.xml.schema.Namespaces;
import org.iaasengine.powervm.xml.web.WebFile;

/**
 * The REST File API of an HMC or NovaLink, as pypowervm's adapter uses it to carry image bits to a
 * VIOS: {@link #create} a {@link WebFile} ({@code PUT web/File}), {@link #upload} its bytes
 * ({@code PUT web/File/contents/<FileUUID>}, {@code Content-Type} the File's
 * {@code InternetMediaType}, the length known), {@link #delete} it once used
 * ({@code DELETE web/File/<FileUUID>}: the server holds a limited number of Files). {@link #download}
 * reads a File's bytes ({@code GET web/File/contents/<FileUUID>}). Every transfer has a timeout
 * that grows with its size ({@link #transferTimeout}); progress is reported as bytes go.
 *
 * <pre>{@code
 * PowerVmFiles files = client.files();
 * Entry<WebFile> f = files.create(WebFile.of("i_rhel9", WebFile.DISK_IMAGE, vios, sha, size, diskUdid));
 * files.upload(f.value(), imagePath, sent -> LOG.info("{} bytes sent", sent));
 * files.delete(f.value().fileUuid);
 * }</pre>
 */
public final class PowerVmFiles {
    /** The slowest transfer rate the timeouts allow for: 1 MiB per second. */
    public static final long MIN_BYTES_PER_SECOND = 1L << 20;
    private static final String FILE = "File";

    private final PowerVmClient client;

    PowerVmFiles(PowerVmClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The timeout of a transfer of {@code bytes}: the request timeout and a second per MiB. */
    public Duration transferTimeout(long bytes) {
        return client.config().requestTimeout().plusSeconds(Math.max(0, bytes) / MIN_BYTES_PER_SECOND + 1);
    }

    /** Creates {@code file} on the server and returns it as created (with its FileUUID). */
    public Entry<WebFile> create(WebFile file) {
        HttpResponse<byte[]> resp = client.sendWeb("PUT", FILE, HttpRequest.BodyPublishers.ofByteArray(
                PowerVmXml.marshal(file)), Namespaces.webType(FILE), PowerVmClient.ATOM,
                client.config().requestTimeout(), HttpResponse.BodyHandlers.ofByteArray());
        expect(resp, FILE, "create File " + file.filename, 200, 201);
        Entry<WebFile> made = PowerVmClient.entry(PowerVmXml.unmarshal(resp.body(), AtomEntry.class), WebFile.class);
        if (made.value().fileUuid == null) {
            throw new CommandException(FailureCategory.INTERNAL, "the server made File " + file.filename
                    + " without a FileUUID");
        }
        return made;
    }

    /** Every File the server holds (an empty list for HTTP 204). */
    public List<WebFile> list() {
        HttpResponse<byte[]> resp = client.sendWeb("GET", FILE, HttpRequest.BodyPublishers.noBody(), null,
                PowerVmClient.ATOM, client.config().requestTimeout(), HttpResponse.BodyHandlers.ofByteArray());
        expect(resp, FILE, "list Files", 200, 204);
        List<WebFile> out = new ArrayList<>();
        if (resp.statusCode() == 204 || resp.body().length == 0) {
            return out;
        }
        for (AtomEntry e : PowerVmXml.unmarshal(resp.body(), AtomFeed.class).entries) {
            out.add(e.content(WebFile.class));
        }
        return out;
    }

    /**
     * Sends the bytes of {@code source} as the contents of {@code file} (which the server made),
     * with the File's media type; {@code sent} hears the count of bytes handed to the connection.
     */
    public void upload(WebFile file, Path source, LongConsumer sent) {
        String uuid = Validate.uuid(file.fileUuid, "FileUUID");
        String path = FILE + "/contents/" + uuid;
        long size;
        HttpRequest.BodyPublisher body;
        try {
            size = Files.size(source);
            body = counting(HttpRequest.BodyPublishers.ofFile(source), sent);
        } catch (java.io.IOException e) {
            throw new CommandException(FailureCategory.INVALID_INPUT, "cannot read " + source + " to upload", e);
        }
        HttpResponse<byte[]> resp = client.sendWeb("PUT", path, body, file.internetMediaType,
                Namespaces.webType(FILE), transferTimeout(size), HttpResponse.BodyHandlers.ofByteArray());
        expect(resp, path, "upload " + size + " bytes of File " + file.filename, 200, 204);
    }

    /**
     * Reads the contents of {@code file} into {@code target} (replaced); {@code received} hears the
     * count of bytes read so far. {@code expectedBytes} sizes the timeout.
     */
    public void download(WebFile file, Path target, long expectedBytes, LongConsumer received) {
        String uuid = Validate.uuid(file.fileUuid, "FileUUID");
        String path = FILE + "/contents/" + uuid;
        String type = file.internetMediaType == null ? WebFile.OCTET_STREAM : file.internetMediaType;
        HttpResponse<Object> resp = client.sendWeb("GET", path, HttpRequest.BodyPublishers.noBody(), null, type,
                transferTimeout(expectedBytes), info -> info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.mapping(counting(HttpResponse.BodySubscribers.ofFile(target),
                                received), p -> (Object) p)
                        : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(),
                                b -> (Object) b));
        if (resp.statusCode() != 200) {
            throw client.webFailure(resp.statusCode(), (byte[]) resp.body(), path, "download File " + file.filename);
        }
    }

    /** Deletes the File {@code fileUuid}; NOT_FOUND if the server holds none. */
    public void delete(String fileUuid) {
        String path = FILE + "/" + Validate.uuid(fileUuid, "FileUUID");
        HttpResponse<byte[]> resp = client.sendWeb("DELETE", path, HttpRequest.BodyPublishers.noBody(), null,
                PowerVmClient.ATOM, client.config().requestTimeout(), HttpResponse.BodyHandlers.ofByteArray());
        expect(resp, path, "delete File", 200, 204);
    }

    /**
     * Deletes every File named {@code name} (those a lost answer kept from us included); a File
     * gone meanwhile is no failure. Returns how many were deleted.
     */
    public int deleteNamed(String name) {
        int n = 0;
        for (WebFile f : list()) {
            if (name.equals(f.filename) && f.fileUuid != null) {
                try {
                    delete(f.fileUuid);
                    n++;
                } catch (PowerVmException e) {
                    if (e.category() != FailureCategory.NOT_FOUND) {
                        throw e;
                    }
                }
            }
        }
        return n;
    }

    private void expect(HttpResponse<byte[]> resp, String path, String what, int... ok) {
        for (int s : ok) {
            if (resp.statusCode() == s) {
                return;
            }
        }
        throw client.webFailure(resp.statusCode(), resp.body(), path, what);
    }

    /** {@code inner}, telling {@code sent} the running count of bytes it hands on. */
    static HttpRequest.BodyPublisher counting(HttpRequest.BodyPublisher inner, LongConsumer sent) {
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return inner.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
                inner.subscribe(new Flow.Subscriber<>() {
                    private long total;

                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        s.onSubscribe(subscription);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        total += item.remaining();
                        s.onNext(item);
                        sent.accept(total);
                    }

                    @Override
                    public void onError(Throwable t) {
                        s.onError(t);
                    }

                    @Override
                    public void onComplete() {
                        s.onComplete();
                    }
                });
            }
        };
    }

    /** {@code inner}, telling {@code received} the running count of bytes it took. */
    static <T> HttpResponse.BodySubscriber<T> counting(HttpResponse.BodySubscriber<T> inner, LongConsumer received) {
        return new HttpResponse.BodySubscriber<>() {
            private long total;

            @Override
            public java.util.concurrent.CompletionStage<T> getBody() {
                return inner.getBody();
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                inner.onSubscribe(subscription);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                for (ByteBuffer b : item) {
                    total += b.remaining();
                }
                inner.onNext(item);
                received.accept(total);
            }

            @Override
            public void onError(Throwable t) {
                inner.onError(t);
            }

            @Override
            public void onComplete() {
                inner.onComplete();
            }
        };
    }
}
