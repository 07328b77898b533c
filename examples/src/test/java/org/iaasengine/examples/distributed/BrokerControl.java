package org.iaasengine.examples.distributed;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops and starts the machine's RabbitMQ as {@code scripts/rabbitmq-up.sh} runs it (no systemd). */
final class BrokerControl {
    private BrokerControl() {
    }

    private static int run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return p.exitValue();
    }

    static boolean up() throws IOException, InterruptedException {
        return run(20, "rabbitmq-diagnostics", "-q", "ping") == 0;
    }

    static void stop() throws IOException, InterruptedException {
        int rc = run(120, "rabbitmqctl", "stop");
        if (rc != 0) {
            throw new IOException("rabbitmqctl stop exited " + rc);
        }
    }

    static void start() throws IOException, InterruptedException {
        if (!up()) {
            run(60, "rabbitmq-server", "-detached");
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!up()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the broker did not answer within 2 minutes of rabbitmq-server -detached");
            }
            Thread.sleep(500);
        }
        int rc = run(120, "rabbitmqctl", "-q", "await_startup");
        if (rc != 0) {
            throw new IOException("rabbitmqctl await_startup exited " + rc);
        }
    }

    /** Starts the broker when a failed test left it stopped. */
    static void ensureUp() throws IOException, InterruptedException {
        if (!up()) {
            start();
        }
    }
}
