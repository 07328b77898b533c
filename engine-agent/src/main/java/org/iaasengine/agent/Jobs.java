package org.iaasengine.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.iaasengine.model.Host;
import org.iaasengine.model.Vm;

/**
 * The messages between orchestrators and host agents, as JSON with a schema version: a
 * {@link Request} on the agent's job queue, an {@link Answer} on the submitter's reply queue, a
 * {@link Control} (cancel, sync) on the agent's control queue, an {@link Event} (heartbeat, model,
 * progress) on the events exchange. Reading is strict (an unknown field, a missing one, another
 * schema version, more than {@link #MAX_BYTES} is a {@link BadMessageException} with a
 * {@link Reject} code and a reason that names it), so that an agent never runs a job that means
 * something other than what was sent.
 */
public final class Jobs {
    /** The schema version written, and the only one read. */
    public static final int SCHEMA = 1;
    /** The largest message read. */
    public static final int MAX_BYTES = 256 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module()).addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Records are written by their components only: Vm.isOwned() is not a field.
            .visibility(com.fasterxml.jackson.annotation.PropertyAccessor.IS_GETTER,
                    com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
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
        /** The job was cancelled: before it started (nothing ran), or while it ran ({@code failure.reverted}). */
        CANCELLED,
        /** The job was not run: the message or its request was refused ({@code failure} says why). */
        REJECTED
    }

    /** Why an agent refused a message: the code of a rejected job's answer and of its dead letter. */
    public enum Reject {
        /** Empty, not JSON, or not a job's fields. */
        MALFORMED,
        /** Larger than {@link #MAX_BYTES}. */
        OVERSIZED,
        /** Another schema version. */
        SCHEMA,
        /** A job for another node, or a request that acts on another host. */
        WRONG_NODE,
        /** An action this agent's registry does not know, or a request it refuses. */
        INVALID_REQUEST
    }

    /** What a failed, cancelled or rejected job's answer says. */
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
        public Answer {
            // JSON null reads as a NullNode: one "no result", whichever way it came.
            result = result == null || result.isNull() ? null : result;
        }
    }

    /** What an orchestrator asks of an agent besides jobs. */
    public enum ControlKind {
        /** Cancel job {@code jobId}: a queued one never runs, a running one is interrupted and reverted. */
        CANCEL,
        /** Publish the InitModel again (the orchestrator restarted, or it missed events). */
        SYNC
    }

    /** A control message; {@code replyTo} is the orchestrator to answer (a cancel's answer). */
    public record Control(int schema, ControlKind kind, String jobId, String replyTo) {
        public Control {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** What an agent reports on the events exchange. */
    public enum EventKind {
        HEARTBEAT, INIT_MODEL, MODEL, PROGRESS, OFFLINE, INSTANCE;

        /** The last word of the routing key. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * An agent's event. {@code incarnation} is the agent process's start; {@code seq} counts the
     * agent's INIT_MODEL and MODEL events in that incarnation, so a receiver sees a gap (a lost
     * event) and asks for the model again. Exactly one payload is set, as {@code kind} says.
     */
    public record Event(int schema, String node, String incarnation, long seq, EventKind kind, Instant at,
            Heartbeat heartbeat, ModelState model, ModelEvent change, Progress progress, InstanceEvent instance) {
        public Event {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * A named event of one VM ({@code instance_started}, {@code fault_instance},
     * {@code volume_attached}...: {@link org.iaasengine.model.InstanceEvent}), with the event
     * record's own fields as {@code detail}. The host is the sending node's own.
     */
    public record InstanceEvent(String event, String host, String vm, JsonNode detail) {
        public InstanceEvent {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(vm, "vm");
        }
    }

    /** A heartbeat: the interval to expect the next one in, and the work in hand. */
    public record Heartbeat(long intervalMillis, int jobsRunning, int lanesBusy, String hypervisorUri) {
    }

    /** A node's whole model (InitModel): its host and the VMs on it. */
    public record ModelState(List<Host> hosts, List<Vm> vms) {
        public ModelState {
            hosts = List.copyOf(hosts);
            vms = List.copyOf(vms);
        }
    }

    /** What changed: {@code VM_PUT} (added or changed), {@code VM_GONE} (deleted or moved away), {@code HOST_PUT}. */
    public enum ChangeKind {
        VM_PUT, VM_GONE, HOST_PUT
    }

    /** One change of a node's model. */
    public record ModelEvent(ChangeKind change, Vm vm, Host host) {
    }

    /** Progress of a running job: an engine event's kind, step and detail. */
    public record Progress(String jobId, String what, String step, String detail) {
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

    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
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
            throw new BadMessageException(Reject.MALFORMED, "empty message");
        }
        if (body.length > MAX_BYTES) {
            throw new BadMessageException(Reject.OVERSIZED, "message of " + body.length + " bytes is larger than "
                    + MAX_BYTES);
        }
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw new BadMessageException(Reject.MALFORMED, "not a " + type.getSimpleName() + ": JSON null");
            }
            return value;
        } catch (java.io.IOException e) {
            String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new BadMessageException(Reject.MALFORMED, "not a " + type.getSimpleName() + ": " + firstLine(what));
        } catch (RuntimeException e) {
            throw new BadMessageException(Reject.MALFORMED, "not a " + type.getSimpleName() + ": "
                    + firstLine(e.getMessage()));
        }
    }

    /** Reads a job request, strictly. */
    static Request readRequest(byte[] body) {
        Request r = read(body, Request.class);
        if (r.schema() != SCHEMA) {
            throw new BadMessageException(Reject.SCHEMA, "unknown job schema version " + r.schema()
                    + ": this agent reads " + SCHEMA);
        }
        return r;
    }

    /** Reads a control message, strictly. */
    static Control readControl(byte[] body) {
        Control c = read(body, Control.class);
        if (c.schema() != SCHEMA) {
            throw new BadMessageException(Reject.SCHEMA, "unknown control schema version " + c.schema());
        }
        return c;
    }

    /** Reads an event, strictly. */
    static Event readEvent(byte[] body) {
        Event e = read(body, Event.class);
        if (e.schema() != SCHEMA) {
            throw new BadMessageException(Reject.SCHEMA, "unknown event schema version " + e.schema());
        }
        return e;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A message no agent runs: {@code code} says what kind of wrong, the message names it. */
    public static final class BadMessageException extends RuntimeException {
        private final Reject code;

        public BadMessageException(Reject code, String reason) {
            super(reason);
            this.code = Objects.requireNonNull(code, "code");
        }

        public Reject code() {
            return code;
        }
    }
}
