package org.iaasengine.libvirt.virsh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainInterface;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainStats;
import org.iaasengine.libvirt.driver.DomainStatus;
import org.iaasengine.libvirt.driver.EventDetail;
import org.iaasengine.libvirt.driver.StateReason;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.FinishedJob;
import org.iaasengine.libvirt.driver.JobProgress;
import org.iaasengine.libvirt.driver.NodeInfo;
import org.iaasengine.libvirt.driver.NodeStats;

/**
 * Pure functions from virsh's output (run with {@code LC_ALL=C}) to the driver's values. Lines are
 * split on '\n' only and never trimmed where a domain name sits: libvirt names may hold spaces
 * (leading and trailing too), tabs, quotes and any non-ASCII text; only '/' and newlines are
 * forbidden.
 */
final class VirshParsers {

    /** The line {@link #LISTING} prints between its sections. */
    static final String SECTION = "@@iaas-virsh-section@@";

    /**
     * Everything {@link #parseListing} needs, in one virsh process. virsh runs a single argument
     * as a command string of its own language (never a shell); this string is a constant with no
     * caller data in it.
     * <ol>
     * <li>{@code list --all --uuid --id --name}: "UUID ID NAME" per domain, the name verbatim up to
     * the end of the line, the id "-" when inactive;</li>
     * <li>{@code list --all --persistent --uuid}: the UUIDs of the persistent domains;</li>
     * <li>{@code domstats --nowait --state}: each domain's state by name (the name between quotes
     * up to the end of its line, so any name parses).</li>
     * </ol>
     */
    static final String LISTING = "list --all --uuid --id --name; echo " + SECTION
            + "; list --all --persistent --uuid; echo " + SECTION + "; domstats --nowait --state";

    /** nodecpustats (absolute, summed over CPUs) and nodememstats in one process. */
    static final String NODE_STATS = "nodecpustats; nodememstats";

    private static final Pattern LIST_LINE = Pattern.compile("([0-9a-fA-F-]{36}) (-|\\d+) (.+)");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F-]{36}");
    private static final String STATS_DOMAIN = "Domain: '";
    private static final String EVENT = "event 'lifecycle' for domain '";
    private static final Map<String, DomainEvent.Type> EVENT_TYPES = Map.of(
            "Defined", DomainEvent.Type.DEFINED, "Undefined", DomainEvent.Type.UNDEFINED,
            "Started", DomainEvent.Type.STARTED, "Suspended", DomainEvent.Type.SUSPENDED,
            "Resumed", DomainEvent.Type.RESUMED, "Stopped", DomainEvent.Type.STOPPED,
            "Shutdown", DomainEvent.Type.SHUTDOWN, "PMSuspended", DomainEvent.Type.PMSUSPENDED,
            "Crashed", DomainEvent.Type.CRASHED);

    private VirshParsers() {
    }

    /** One line of {@code list --all --uuid --id --name}. */
    record ListedDomain(String uuid, int id, String name) {
    }

    // ---------------------------------------------------------------- listings

    /** Parses the output of {@link #LISTING}: every domain with its id, state and persistence. */
    static List<DomainSummary> parseListing(String stdout) {
        List<String> sections = splitSections(stdout, 3);
        Set<String> persistent = parseUuids(sections.get(1));
        Map<String, DomainState> states = new HashMap<>();
        for (DomainStats s : parseDomStats(sections.get(2))) {
            states.put(s.name(), s.state());
        }
        List<DomainSummary> all = new ArrayList<>();
        for (ListedDomain d : parseUuidIdNameList(sections.get(0))) {
            DomainState state = states.get(d.name());
            if (state == null) {
                continue; // it went away between the two commands
            }
            all.add(new DomainSummary(d.name(), d.uuid(), d.id(), state, persistent.contains(d.uuid())));
        }
        return all;
    }

    /** Splits output printed with {@code echo SECTION} between commands into {@code n} parts. */
    static List<String> splitSections(String stdout, int n) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines(stdout)) {
            if (line.equals(SECTION)) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        parts.add(current.toString());
        if (parts.size() != n) {
            throw new IllegalArgumentException("expected " + n + " sections in virsh output, found " + parts.size());
        }
        return parts;
    }

    /** Parses {@code list --all --uuid --id --name} (the name is everything after the id). */
    static List<ListedDomain> parseUuidIdNameList(String stdout) {
        List<ListedDomain> out = new ArrayList<>();
        for (String line : lines(stdout)) {
            Matcher m = LIST_LINE.matcher(line);
            if (m.matches()) {
                out.add(new ListedDomain(m.group(1).toLowerCase(Locale.ROOT),
                        m.group(2).equals("-") ? -1 : Integer.parseInt(m.group(2)), m.group(3)));
            }
        }
        return out;
    }

    /** Parses {@code list --uuid}: one UUID a line. */
    static Set<String> parseUuids(String stdout) {
        Set<String> out = new HashSet<>();
        for (String line : lines(stdout)) {
            String s = line.strip();
            if (UUID.matcher(s).matches()) {
                out.add(s.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The UUID of the domain called exactly {@code name} in a {@code list --uuid --name} output. */
    static Optional<String> uuidOfName(String stdout, String name) {
        for (String line : lines(stdout)) {
            if (line.length() > 37 && line.charAt(36) == ' ' && UUID.matcher(line.substring(0, 36)).matches()
                    && line.substring(37).equals(name)) {
                return Optional.of(line.substring(0, 36).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- one domain

    /** Parses {@code domstate --reason}: "shut off (destroyed)". */
    static DomainStatus parseDomState(String stdout) {
        String s = stdout.strip();
        int open = s.lastIndexOf(" (");
        if (open < 0 || !s.endsWith(")")) {
            DomainState state = DomainState.ofVirshName(s);
            return new DomainStatus(state, StateReason.unknown(state));
        }
        DomainState state = DomainState.ofVirshName(s.substring(0, open));
        return new DomainStatus(state, VirshWords.reason(state, s.substring(open + 2, s.length() - 1)));
    }

    /** Parses {@code domiflist}: a table of Interface, Type, Source, Model, MAC. */
    static List<DomainInterface> parseDomIfList(String stdout) {
        List<DomainInterface> out = new ArrayList<>();
        boolean body = false;
        for (String line : lines(stdout)) {
            if (!body) {
                body = line.startsWith("---");
                continue;
            }
            String[] t = line.strip().split("\\s+");
            if (t.length < 5) {
                continue;
            }
            String source = String.join(" ", java.util.Arrays.copyOfRange(t, 2, t.length - 2));
            out.add(new DomainInterface(t[0], t[1], source, t[t.length - 2], t[t.length - 1].toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    /** Parses {@code domjobinfo --rawstats}: empty when "Job type: 0" (none). */
    static Optional<JobProgress> parseJobInfo(String stdout) {
        Map<String, String> kv = keyValues(stdout);
        String type = kv.getOrDefault("Job type", "0");
        if (type.equals("0") || type.equalsIgnoreCase("None")) {
            return Optional.empty();
        }
        return Optional.of(new JobProgress(number(kv, "time_elapsed"), number(kv, "data_total"),
                number(kv, "data_processed"), number(kv, "data_remaining")));
    }

    /**
     * {@code virsh domjobinfo --completed --rawstats}: {@code Job type: 3} (completed), 4 (failed)
     * or 5 (cancelled), then the job's typed parameters ({@code operation: 9}, {@code errmsg: ...});
     * empty for {@code Job type: 0} (none kept).
     */
    static Optional<FinishedJob> parseFinishedJob(String stdout) {
        Map<String, String> kv = keyValues(stdout);
        FinishedJob.Outcome outcome = FinishedJob.Outcome.ofCode((int) number(kv, "Job type"));
        if (outcome == null) {
            return Optional.empty();
        }
        return Optional.of(new FinishedJob(FinishedJob.Operation.ofCode((int) number(kv, "operation")), outcome,
                kv.get("errmsg")));
    }

    /** {@code domjobinfo}'s "key: value" lines, the first of each key. */
    private static Map<String, String> keyValues(String stdout) {
        Map<String, String> kv = new HashMap<>();
        for (String line : lines(stdout)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                kv.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return kv;
    }

    /**
     * The domain name in virsh's confirmation "Domain 'NAME' created from /dev/stdin" ({@code verb}
     * "created" or "defined").
     */
    static String parseConfirmedName(String stdout, String verb) {
        String prefix = "Domain '";
        String suffix = "' " + verb + " from ";
        for (String line : lines(stdout)) {
            int end = line.lastIndexOf(suffix);
            if (line.startsWith(prefix) && end >= prefix.length()) {
                return line.substring(prefix.length(), end);
            }
        }
        throw new IllegalArgumentException("no \"Domain '...' " + verb + "\" line in virsh output: " + stdout.strip());
    }

    // ---------------------------------------------------------------- bulk stats

    /** Parses {@code domstats}: "Domain: 'NAME'" then "  key=value" lines, per domain. */
    static List<DomainStats> parseDomStats(String stdout) {
        List<DomainStats> out = new ArrayList<>();
        String name = null;
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : lines(stdout)) {
            if (line.startsWith(STATS_DOMAIN) && line.endsWith("'") && line.length() > STATS_DOMAIN.length()) {
                if (name != null) {
                    out.add(stats(name, fields));
                }
                name = line.substring(STATS_DOMAIN.length(), line.length() - 1);
                fields = new LinkedHashMap<>();
            } else if (name != null && line.startsWith("  ") && line.indexOf('=') > 0) {
                int eq = line.indexOf('=');
                fields.put(line.substring(0, eq).strip(), line.substring(eq + 1));
            }
        }
        if (name != null) {
            out.add(stats(name, fields));
        }
        return out;
    }

    private static DomainStats stats(String name, Map<String, String> f) {
        DomainState state = DomainState.ofCode((int) number(f, "state.state"));
        StateReason reason = StateReason.of(state, (int) number(f, "state.reason"));
        return new DomainStats(name, state, reason, (int) number(f, "vcpu.current"), number(f, "balloon.maximum"),
                number(f, "balloon.current"), f);
    }

    // ---------------------------------------------------------------- host

    /** Parses {@code nodeinfo}. */
    static NodeInfo parseNodeInfo(String stdout) {
        Map<String, String> kv = DomInfoParser.parseKeyValues(stdout);
        return new NodeInfo(require(kv, "CPU model").strip(), kib(require(kv, "Memory size")),
                firstInt(require(kv, "CPU(s)")), firstInt(require(kv, "CPU frequency")),
                firstInt(require(kv, "NUMA cell(s)")), firstInt(require(kv, "CPU socket(s)")),
                firstInt(require(kv, "Core(s) per socket")), firstInt(require(kv, "Thread(s) per core")));
    }

    /** Parses {@link #NODE_STATS}: nodecpustats' nanoseconds and nodememstats' KiB. */
    static NodeStats parseNodeStats(String stdout) {
        Map<String, String> kv = new HashMap<>();
        for (String line : lines(stdout)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                kv.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return new NodeStats(firstLong(require(kv, "system")), firstLong(require(kv, "user")),
                firstLong(require(kv, "idle")), firstLong(require(kv, "iowait")), firstLong(require(kv, "total")),
                firstLong(require(kv, "free")), firstLong(require(kv, "buffers")), firstLong(require(kv, "cached")));
    }

    // ---------------------------------------------------------------- events

    /**
     * Parses one line of {@code virsh event --event lifecycle --loop --timestamp}:
     * {@code <timestamp>: event 'lifecycle' for domain '<name>': <Type> <Detail>}. The name ends at
     * the last "': " of the line (type and detail never contain one), so names with quotes and
     * "': " inside parse. The detail is read from virsh's word, in any case ({@code Destroyed} is
     * {@link EventDetail#STOPPED_DESTROYED}). virsh does not print the UUID: the event's uuid is "".
     * Empty for any other line.
     */
    static Optional<DomainEvent> parseEvent(String uri, String line) {
        int start = line.indexOf(EVENT);
        int end = line.lastIndexOf("': ");
        if (start < 0 || end < start + EVENT.length()) {
            return Optional.empty();
        }
        String name = line.substring(start + EVENT.length(), end);
        String rest = line.substring(end + 3);
        int space = rest.indexOf(' ');
        String typeWord = space < 0 ? rest : rest.substring(0, space);
        DomainEvent.Type type = EVENT_TYPES.get(typeWord);
        if (type == null) {
            return Optional.empty();
        }
        EventDetail detail = space < 0 ? EventDetail.unknown(type) : VirshWords.eventDetail(type, rest.substring(space + 1).strip());
        return Optional.of(new DomainEvent(uri, name, "", type, detail));
    }

    // ---------------------------------------------------------------- helpers

    /** Lines split on '\n' only, a trailing '\r' kept (it could belong to a name). */
    static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static String require(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("virsh output has no '" + key + "' field: " + kv.keySet());
        }
        return v;
    }

    private static long number(Map<String, String> kv, String key) {
        String v = kv.get(key);
        return v == null || v.isBlank() ? 0 : Long.parseLong(v.strip());
    }

    /** "32768 KiB" to 32768. */
    static long kib(String value) {
        return firstLong(value);
    }

    private static long firstLong(String value) {
        String s = value.strip();
        int space = s.indexOf(' ');
        return Long.parseLong(space < 0 ? s : s.substring(0, space));
    }

    private static int firstInt(String value) {
        return Math.toIntExact(firstLong(value));
    }

}
