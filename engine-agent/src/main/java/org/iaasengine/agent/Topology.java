package org.iaasengine.agent;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;
import org.iaasengine.core.InvalidInputException;

/**
 * The names on the broker (vhost {@code iaas}) that agents and orchestrators share.
 *
 * <pre>
 * queue    hva-handle.NODE     quorum, durable: NODE's jobs (policy iaas-jobs: dead-letter
 *                              exchange iaas.dead-letters, delivery-limit 5)
 * queue    hva-control.NODE    classic, exclusive: cancels and sync requests for NODE
 * exchange iaas.control        topic: NODE.cancel, NODE.sync          (orchestrators write)
 * exchange iaas.events         topic: NODE.heartbeat, NODE.model, NODE.init-model, NODE.progress,
 *                              NODE.offline                          (agent NODE writes NODE.*)
 * exchange iaas.results        topic: NODE.ORCHESTRATOR: answers     (agent NODE writes NODE.*)
 * exchange iaas.dead-letters   topic: NODE.rejected, and what the policy dead-letters
 * queue    iaas-dead-letters   quorum, durable, bound with #
 * queue    iaas-results.NAME   quorum, durable: orchestrator NAME's answers (bound *.NAME)
 * queue    iaas-events.NAME    classic, exclusive: orchestrator NAME's events (bound #)
 * </pre>
 *
 * The routing key of everything an agent publishes starts with its node name, so the broker's
 * topic permissions ({@code scripts/rabbitmq-up.sh}) keep each agent to its own name. Node and
 * orchestrator names are therefore single words: letters, digits, '_' and '-'.
 */
public final class Topology {
    public static final String EVENTS = "iaas.events";
    public static final String RESULTS = "iaas.results";
    public static final String CONTROL = "iaas.control";
    public static final String DEAD_LETTERS = "iaas.dead-letters";
    public static final String DEAD_LETTER_QUEUE = "iaas-dead-letters";
    /** Header of a dead-lettered message: why the agent refused it (free text). */
    public static final String REASON = "x-iaas-reason";
    /** Header of a dead-lettered message: the reason's code ({@link Jobs.Reject}). */
    public static final String REASON_CODE = "x-iaas-reason-code";
    /** Header of a dead-lettered message: the node whose agent refused it. */
    public static final String REFUSED_BY = "x-iaas-node";

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_-]{0,62}";

    private Topology() {
    }

    /** True when {@code name} can be a node or orchestrator name. */
    public static boolean validName(String name) {
        return name != null && name.matches(NAME);
    }

    /** Checks a node or orchestrator name. */
    public static String checkName(String what, String name) {
        InvalidInputException.check(validName(name),
                "%s name must be 1 to 63 letters, digits, '_' or '-' (no dots), was '%s'", what, name);
        return name;
    }

    /** The queue of {@code node}'s jobs. */
    public static String jobQueue(String node) {
        return "hva-handle." + node;
    }

    /** The queue of {@code node}'s control messages. */
    public static String controlQueue(String node) {
        return "hva-control." + node;
    }

    /** The reply queue of orchestrator {@code name}. */
    public static String replyQueue(String name) {
        return "iaas-results." + name;
    }

    /** The event queue of orchestrator {@code name}. */
    public static String eventQueue(String name) {
        return "iaas-events." + name;
    }

    /** Arguments of a job queue (the policy {@code iaas-jobs} adds dead-lettering). */
    public static Map<String, Object> jobQueueArguments() {
        return Map.of("x-queue-type", "quorum");
    }

    /**
     * Declares the exchanges and the dead-letter queue (idempotent; an orchestrator does it on
     * connect, so a broker prepared without {@code scripts/rabbitmq-up.sh} works too; agents may
     * not declare exchanges).
     */
    public static void declareShared(Channel ch) throws IOException {
        for (String x : new String[] {EVENTS, RESULTS, CONTROL, DEAD_LETTERS}) {
            ch.exchangeDeclare(x, BuiltinExchangeType.TOPIC, true, false, Map.of());
        }
        ch.queueDeclare(DEAD_LETTER_QUEUE, true, false, false, Map.of("x-queue-type", "quorum"));
        ch.queueBind(DEAD_LETTER_QUEUE, DEAD_LETTERS, "#");
    }
}
