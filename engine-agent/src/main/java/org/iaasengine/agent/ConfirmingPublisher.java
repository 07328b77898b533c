package org.iaasengine.agent;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes on one channel in confirm mode without waiting in line: {@link #publish} returns a
 * future that completes when the broker confirms that message (fails on a nack, on the channel's
 * loss, or after the timeout), so many publishers share the channel and their confirms overlap.
 * The channel is only written under this object's lock.
 */
final class ConfirmingPublisher {
    private final Channel channel;
    private final Duration timeout;
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();

    ConfirmingPublisher(Channel channel, Duration timeout) throws IOException {
        this.channel = channel;
        this.timeout = timeout;
        channel.confirmSelect();
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                settle(tag, multiple, null);
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                settle(tag, multiple, new IOException("the broker refused the message (nack)"));
            }
        });
        channel.addShutdownListener(cause -> failAll(new IOException("channel closed: " + cause.getMessage())));
    }

    private void settle(long tag, boolean multiple, Exception error) {
        Map<Long, CompletableFuture<Void>> done = multiple ? pending.headMap(tag, true) : pending.containsKey(tag)
                ? Map.of(tag, pending.get(tag)) : Map.of();
        for (Map.Entry<Long, CompletableFuture<Void>> e : done.entrySet()) {
            pending.remove(e.getKey());
            if (error == null) {
                e.getValue().complete(null);
            } else {
                e.getValue().completeExceptionally(error);
            }
        }
    }

    /** Fails every unconfirmed publish (the connection was lost: their confirms will never come). */
    void failAll(Exception cause) {
        for (Long tag : pending.keySet()) {
            CompletableFuture<Void> f = pending.remove(tag);
            if (f != null) {
                f.completeExceptionally(cause);
            }
        }
    }

    /** Publishes and returns the future of its confirm. */
    CompletableFuture<Void> publish(String exchange, String key, boolean mandatory, AMQP.BasicProperties props,
            byte[] body) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (this) {
            long seq = channel.getNextPublishSeqNo();
            pending.put(seq, f);
            try {
                channel.basicPublish(exchange, key, mandatory, props, body);
            } catch (IOException | RuntimeException e) {
                pending.remove(seq);
                f.completeExceptionally(e);
                return f;
            }
        }
        return f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes and waits for the confirm. */
    void publishAndWait(String exchange, String key, boolean mandatory, AMQP.BasicProperties props, byte[] body) {
        try {
            publish(exchange, key, mandatory, props, body).join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable c = e.getCause() instanceof java.util.concurrent.TimeoutException
                    ? new IOException("no confirm within " + timeout.toMillis() + " ms") : e.getCause();
            throw new IllegalStateException("publish to '" + exchange + "' key '" + key + "' not confirmed: " + c, c);
        }
    }
}
