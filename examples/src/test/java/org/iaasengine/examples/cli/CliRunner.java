package org.iaasengine.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the CLI in process, as a script would run it, and keeps exit code, stdout and stderr. */
public final class CliRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DriverFactory drivers;
    private final List<String> common;

    CliRunner(DriverFactory drivers, String uri, Path state) {
        this.drivers = drivers;
        this.common = List.of("--uri", uri, "--state-dir", state.resolve("state").toString(),
                "--templates", state.resolve("templates").toString(), "--storage", state.resolve("storage").toString());
    }

    /** One invocation: {@code iaas <common options> args...}. */
    Result run(String... args) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(args));
        return raw(all.toArray(String[]::new));
    }

    /** One invocation with exactly these arguments. */
    Result raw(String... args) {
        return invoke(drivers, args);
    }

    /** One invocation of the tool, in process, with exactly these arguments. */
    public static Result invoke(DriverFactory drivers, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = IaasCli.commandLine(drivers);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** What one invocation did. */
    public record Result(int exitCode, String out, String err) {
        public JsonNode json() {
            return parse(out);
        }

        public JsonNode errorJson() {
            return parse(err).get("error");
        }

        private static JsonNode parse(String text) {
            try {
                return JSON.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException("not JSON: " + text, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
