package org.iaasengine.libvirt.virsh;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One virsh invocation as data: what it is for (for logs and messages) and the exact arguments
 * after {@code virsh -c URI}.
 *
 * @param operation the driver call, for example {@code suspend}
 * @param domain    the domain it concerns, or null
 * @param args      the virsh arguments, each passed to the process as one argument, untouched
 * @param stdin     bytes written to virsh's standard input, or null for none (stdin is closed)
 */
record VirshCall(String operation, String domain, List<String> args, byte[] stdin) {
    VirshCall {
        Objects.requireNonNull(operation, "operation");
        args = List.copyOf(args);
    }

    static VirshCall of(String operation, String domain, String... args) {
        return new VirshCall(operation, domain, List.of(args), null);
    }

    static VirshCall withInput(String operation, String input, String... args) {
        return new VirshCall(operation, null, List.of(args), input.getBytes(StandardCharsets.UTF_8));
    }

    /** "virsh suspend of domain 'web1' on qemu:///system": how messages name the call. */
    String describe(String uri) {
        return "virsh " + operation + (domain == null ? "" : " of domain '" + domain + "'") + " on " + uri;
    }
}
