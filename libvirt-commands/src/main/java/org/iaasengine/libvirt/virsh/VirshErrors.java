package org.iaasengine.libvirt.virsh;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.LibvirtError;

/**
 * Classifies a failed virsh run by its {@code error:} lines.
 *
 * <p>virsh prints {@code error: <context>} lines of its own (for example "Failed to resume domain
 * 'x'"), then {@code error: <libvirt message>}. A libvirt message is built from a fixed text per
 * {@code virErrorNumber} (libvirt's {@code virErrorMsgStrings} table in
 * {@code src/util/virerror.c}: "Domain not found: %s", "Requested operation is not valid: %s"...)
 * and never changes with the locale here because the driver runs virsh with {@code LC_ALL=C}. So
 * the code is recovered from that fixed prefix: this is classification by code, written in the
 * only form virsh gives it. The lines are read from the last to the first, so the libvirt message
 * wins over virsh's context line.
 */
final class VirshErrors {

    /** One rule: a line that starts with {@code prefix} (a regular expression) means {@code error}. */
    record Rule(Pattern prefix, LibvirtError error, FailureCategory category) {
        static Rule of(String regex, LibvirtError error) {
            return new Rule(Pattern.compile("^(?:" + regex + ")"), error, error.category());
        }

        static Rule of(String regex, LibvirtError error, FailureCategory category) {
            return new Rule(Pattern.compile("^(?:" + regex + ")"), error, category);
        }
    }

    /** What a failure was: the libvirt code, the engine category, and virsh's error text. */
    record Classification(LibvirtError error, FailureCategory category, String text) {
    }

    /**
     * The prefix table, checked in order (specific rules before the general one they refine). Each
     * LIBVIRT rule is libvirt's fixed message for that virErrorNumber in virerror.c; the VIRSH
     * rules are virsh's own messages (tools/virsh*.c) for conditions virsh detects itself.
     */
    static final List<Rule> RULES = List.of(
            // --- libvirt: virerror.c virErrorMsgStrings, "<fixed text>: %s" ---
            Rule.of("internal error", LibvirtError.INTERNAL_ERROR),
            Rule.of("out of memory", LibvirtError.NO_MEMORY),
            Rule.of("this function is not supported by the connection driver", LibvirtError.NO_SUPPORT),
            Rule.of("no connection driver available", LibvirtError.NO_CONNECT),
            Rule.of("invalid connection pointer in", LibvirtError.INVALID_CONN),
            Rule.of("invalid domain pointer in", LibvirtError.INVALID_DOMAIN),
            Rule.of("invalid argument", LibvirtError.INVALID_ARG),
            // A name clash with another UUID: libvirt raises OPERATION_FAILED ("operation failed:
            // domain 'x' already exists with uuid ..." from virdomainobjlist.c); it means the domain
            // exists, so it is reported as DOM_EXIST (a CONFLICT), before the general rule below.
            Rule.of("operation failed: domain '.*' already exists", LibvirtError.DOM_EXIST),
            Rule.of("operation failed", LibvirtError.OPERATION_FAILED),
            Rule.of("XML error", LibvirtError.XML_ERROR),
            Rule.of("this domain exists already|domain .* exists already", LibvirtError.DOM_EXIST),
            Rule.of("operation forbidden", LibvirtError.OPERATION_DENIED),
            Rule.of("failed to open configuration file", LibvirtError.OPEN_FAILED),
            Rule.of("Domain not found", LibvirtError.NO_DOMAIN),
            Rule.of("Network not found", LibvirtError.NO_NETWORK),
            Rule.of("Storage pool not found", LibvirtError.NO_STORAGE_POOL),
            Rule.of("Storage volume not found", LibvirtError.NO_STORAGE_VOL),
            Rule.of("invalid MAC address", LibvirtError.INVALID_MAC),
            Rule.of("authentication failed", LibvirtError.AUTH_FAILED),
            Rule.of("Requested operation is not valid", LibvirtError.OPERATION_INVALID),
            Rule.of("unsupported configuration", LibvirtError.CONFIG_UNSUPPORTED),
            Rule.of("Timed out during operation", LibvirtError.OPERATION_TIMEOUT),
            Rule.of("operation aborted", LibvirtError.OPERATION_ABORTED),
            Rule.of("Unsafe migration", LibvirtError.MIGRATE_UNSAFE),
            Rule.of("Operation not supported", LibvirtError.OPERATION_UNSUPPORTED),
            Rule.of("Guest agent is not responding", LibvirtError.AGENT_UNRESPONSIVE),
            Rule.of("resource busy", LibvirtError.RESOURCE_BUSY),
            Rule.of("access denied", LibvirtError.ACCESS_DENIED),
            Rule.of("the CPU is incompatible with host CPU", LibvirtError.CPU_INCOMPATIBLE),
            Rule.of("XML document failed to validate against schema", LibvirtError.XML_INVALID_SCHEMA),
            Rule.of("Server not found", LibvirtError.NO_SERVER),
            Rule.of("guest agent replied with wrong id to guest-sync command", LibvirtError.AGENT_UNSYNCED),
            // VIR_ERR_ARGUMENT_UNSUPPORTED (74, "argument unsupported: %s") has no constant in
            // LibvirtError: UNKNOWN, but the request is what is wrong.
            Rule.of("argument unsupported", LibvirtError.UNKNOWN, FailureCategory.INVALID_INPUT),
            // XML_DETAIL's message is a bare "%s": libxml2's "<source>:<line>: <message>" for a
            // document that does not parse, or libvirt's "invalid char in <element>: ..." check.
            Rule.of("\\([a-z_]+\\):\\d+: |\\[inline data\\]:\\d+: |invalid char in ", LibvirtError.XML_DETAIL),
            // SYSTEM_ERROR's message is a bare "%s" (strerror text). The remote driver's socket
            // connect failure is reported as NO_CONNECT (the host is not reachable); the others
            // are a dropped connection.
            Rule.of("Failed to connect socket", LibvirtError.NO_CONNECT),
            Rule.of("Cannot recv data|Cannot write data|End of file while reading data",
                    LibvirtError.SYSTEM_ERROR),
            // --- virsh's own messages ---
            // virsh looks a domain up by id, UUID then name and reports a miss only this way.
            Rule.of("failed to get domain '", LibvirtError.NO_DOMAIN),
            Rule.of("failed to connect to the hypervisor", LibvirtError.NO_CONNECT),
            // cmdStart checks the state itself before calling virDomainCreate.
            Rule.of("Domain is already active", LibvirtError.OPERATION_INVALID));

    private static final String ERROR = "error: ";

    private VirshErrors() {
    }

    /** Classifies virsh's standard error; UNKNOWN (INTERNAL) when no rule matches. */
    static Classification classify(String stderr) {
        List<String> errors = errorLines(stderr);
        for (int i = errors.size() - 1; i >= 0; i--) {
            String line = errors.get(i);
            for (Rule r : RULES) {
                if (r.prefix().matcher(line).find()) {
                    return new Classification(r.error(), r.category(), String.join(": ", errors));
                }
            }
        }
        String text = errors.isEmpty() ? stderr.strip() : String.join(": ", errors);
        return new Classification(LibvirtError.UNKNOWN, LibvirtError.UNKNOWN.category(), text);
    }

    /** The text of each {@code error: } line, in order, without the prefix. */
    static List<String> errorLines(String stderr) {
        List<String> lines = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.startsWith(ERROR)) {
                lines.add(line.substring(ERROR.length()).strip());
            }
        }
        return lines;
    }
}
