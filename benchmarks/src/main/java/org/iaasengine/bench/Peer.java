package org.iaasengine.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a peer program (a python3 or shell script under {@code bench/peers}) and reads the samples
 * it prints, one {@code sample <number>} line each. Peers time themselves, so process start-up
 * is only counted where the scenario says it belongs to the peer's work.
 */
public final class Peer {
    private final Path dir;

    /** Peers found in {@code dir} (the repository's {@code bench/peers}). */
    public Peer(Path dir) {
        this.dir = dir;
    }

    /** Runs {@code bench/peers/<script> args...} and returns every sample value it printed. */
    public List<Double> run(String interpreter, String script, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(interpreter);
        cmd.add(dir.resolve(script).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("LC_ALL", "C");
        List<Double> out = new ArrayList<>();
        try {
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("sample ")) {
                        out.add(Double.parseDouble(line.substring(7).trim()));
                    }
                }
            }
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " did not finish in 10 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed with exit code " + p.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(cmd + " printed no sample");
        }
        return out;
    }
}
