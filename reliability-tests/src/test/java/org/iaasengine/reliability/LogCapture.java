package org.iaasengine.reliability;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what the library logs: this module's slf4j-simple writes to {@code System.out}, looked
 * up at each write (see simplelogger.properties), so swapping {@code System.out} captures every log
 * line. A silent capture keeps the lines from the console (the fault campaigns log thousands).
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private LogCapture(boolean tee) {
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                if (tee) {
                    original.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                if (tee) {
                    original.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** Captures without showing the lines. */
    static LogCapture silent() {
        return new LogCapture(false);
    }

    String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
