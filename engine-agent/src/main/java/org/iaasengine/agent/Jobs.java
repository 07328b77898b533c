package org.iaasengine.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The messages between an orchestrator and a host agent, as JSON with a schema version: a
 * {@link Request} on the agent's queue, an {@link Answer} on the submitter's reply queue. Reading
 * is strict (an unknown field, a missing one, another schema version, more than {@link #MAX_BYTES}
 * is a {@link BadMessageException} that names it), so that an agent never runs a job that means
 * something other than what was sent.
 */
public final class Jobs {
    /** The schema version written, and the only one read. */
    public static final int SCHEMA = 1;
    /** The largest message read. */
    public static final int MAX_BYTES = 256 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private Jobs() {
    }

    /**
     * A job for the agent of {@code node}: {@code request} is an action request's envelope
     * ({@link org.iaasengine.request.RequestCodec}); {@code jobId} is its idempotency key.
     */
    public record Request(int schema, String jobId, String node, JsonNode request) {
        public Request {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(request, "request");
        }
    }

    /** How a job ended. */
    public enum Outcome {
        /** The action succeeded. */
        SUCCEEDED,
        /** The action failed; {@code failure} says how, and what was reverted. */
        FAILED,
        /** The job was not run: the message or its request was refused ({@code failure} says why). */
        REJECTED
    }

    /** What a failed or rejected job's answer says. */
    public record Failure(String category, String message, String failedStep, List<String> reverted,
            List<String> revertFailures) {
    }

    /**
     * The answer to job {@code jobId}: {@code result} is the action's result as JSON (null when it
     * has none); {@code fromJournal} is true when the agent had finished the job before and
     * answered from its journal without running it again.
     */
    public record Answer(int schema, String jobId, String node, Outcome outcome, JsonNode result, Failure failure,
            boolean fromJournal) {
    }

    static byte[] write(Object message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a message of type {@code type}, strictly. */
    static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new BadMessageException("empty message");
        }
        if (body.length > MAX_BYTES) {
            throw new BadMessageException("message of " + body.length + " bytes is larger than " + MAX_BYTES);
        }
        T value;
        try {
            value = JSON.readValue(body, type);
        } catch (java.io.IOException e) {
            String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new BadMessageException("not a " + type.getSimpleName() + ": " + what);
        } catch (RuntimeException e) {
            throw new BadMessageException("not a " + type.getSimpleName() + ": " + e.getMessage());
        }
        return value;
    }

    /** Reads a job request, strictly. */
    static Request readRequest(byte[] body) {
        Request r = read(body, Request.class);
        if (r.schema() != SCHEMA) {
            throw new BadMessageException("unknown job schema version " + r.schema() + ": this agent reads " + SCHEMA);
        }
        return r;
    }

    /** A message no agent runs: the reason names what is wrong. */
    public static final class BadMessageException extends RuntimeException {
        public BadMessageException(String reason) {
            super(reason);
        }
    }

    static String utf8(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
