package org.iaasengine.powervm.simulator;

import java.util.HashSet;
import java.util.Set;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.web.LogonRequest;
import org.iaasengine.powervm.xml.web.LogonResponse;

/**
 * Logon and sessions ({@code web/Logon}): PUT with the accepted credentials opens a session whose
 * token the client sends as {@code X-API-Session}; DELETE closes it; a test can expire them all.
 *
 * <pre>{@code
 * SimResponse r = sessions.logon("PUT", body, null);
 * boolean ok = sessions.isValid(token);
 * }</pre>
 */
final class Sessions {
    private final SimState state;
    private final String user;
    private final String password;
    private final Set<String> tokens = new HashSet<>();

    Sessions(SimState state, String user, String password) {
        this.state = state;
        this.user = user;
        this.password = password;
    }

    /** {@code PUT web/Logon} (logon) or {@code DELETE web/Logon} (logoff of {@code token}). */
    SimResponse logon(String method, byte[] body, String token) {
        if (method.equals("DELETE")) {
            state.withLock(() -> tokens.remove(token));
            return SimResponse.noContent();
        }
        if (!method.equals("PUT")) {
            throw new SimError(405, "Method Not Allowed", method + " on Logon");
        }
        LogonRequest req = PowerVmXml.unmarshal(body, LogonRequest.class);
        if (!user.equals(req.userId) || !password.equals(req.password)) {
            throw new SimError(401, "Unauthorized", "logon refused for user " + req.userId);
        }
        LogonResponse resp = new LogonResponse();
        resp.session = "sim-session-" + state.newUuid();
        state.withLock(() -> tokens.add(resp.session));
        return new SimResponse(200, PowerVmXml.marshal(resp), null);
    }

    /** Whether {@code token} names an open session. */
    boolean isValid(String token) {
        return state.withLock(() -> tokens.contains(token));
    }

    /** Invalidates every session. */
    void expireAll() {
        state.withLock(() -> {
            tokens.clear();
            return null;
        });
    }

    /** The number of open sessions. */
    int count() {
        return state.withLock(tokens::size);
    }
}
