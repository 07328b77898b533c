package org.iaasengine.libvirt.virsh;

import static org.iaasengine.libvirt.virsh.VirshParsers.kib;
import static org.iaasengine.libvirt.virsh.VirshParsers.lines;
import static org.iaasengine.libvirt.virsh.VirshParsers.require;

import java.util.LinkedHashMap;
import java.util.Map;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainInfo;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;

/** Reads {@code virsh dominfo}: its key-value lines, into the port's records. */
final class DomInfoParser {
    private DomInfoParser() {
    }

    /** Parses {@code dominfo}: "Key:" padded to 15 columns, a space, the value verbatim. */
    static Map<String, String> parseKeyValues(String stdout) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(stdout)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            // dominfo prints "%-15s %s": the value starts at column 16 when the key fits in 15.
            String value = colon < 15 && line.length() >= 16 && line.substring(colon + 1, 16).isBlank()
                    ? line.substring(16)
                    : line.substring(colon + 1).strip();
            out.putIfAbsent(key, value);
        }
        return out;
    }

    /** Parses {@code dominfo} into the port's record. */
    static DomainInfo parseDomInfo(String stdout) {
        Map<String, String> kv = parseKeyValues(stdout);
        String name = require(kv, "Name");
        return new DomainInfo(name, require(kv, "UUID").strip(),
                DomainState.ofVirshName(require(kv, "State").strip()), size(name, "Max memory", kv),
                size(name, "Used memory", kv), Integer.parseInt(require(kv, "CPU(s)").strip()),
                cpuTimeNanos(kv.get("CPU time")), persistent(name, kv));
    }

    /** Parses {@code dominfo} into a listing entry. */
    static DomainSummary parseSummary(String stdout) {
        Map<String, String> kv = parseKeyValues(stdout);
        String id = require(kv, "Id").strip();
        String name = require(kv, "Name");
        return new DomainSummary(name, require(kv, "UUID").strip(),
                id.equals("-") ? -1 : Integer.parseInt(id), DomainState.ofVirshName(require(kv, "State").strip()),
                persistent(name, kv));
    }

    /** dominfo's "CPU time: 4.0s" (absent while shut off). */
    private static long cpuTimeNanos(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        String s = value.strip();
        if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        }
        return new java.math.BigDecimal(s).movePointRight(9).longValue();
    }

    /**
     * dominfo's "Persistent": yes or no. virsh prints "unknown" when libvirt could not tell (the
     * call failed): that is not "no", and nothing may be decided on it, so it fails naming the field.
     */
    private static boolean persistent(String domain, Map<String, String> kv) {
        String v = require(kv, "Persistent").strip();
        return switch (v) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw unusable(domain, "Persistent", v, "libvirt could not tell whether it is persistent");
        };
    }

    /**
     * A dominfo memory field, "32768 KiB". virsh prints "no limit" for a domain without a memory
     * ceiling (a driver that reports none): the library sizes every VM, so it fails naming the field
     * rather than inventing a figure.
     */
    private static long size(String domain, String field, Map<String, String> kv) {
        String v = require(kv, field).strip();
        if (!v.matches("\\d+( KiB)?")) {
            throw unusable(domain, field, v, "not a size in KiB");
        }
        return kib(v);
    }

    private static DriverException unusable(String domain, String field, String value, String why) {
        return new DriverException(LibvirtError.INTERNAL_ERROR, FailureCategory.INTERNAL, "virsh dominfo of domain '"
                + domain + "' says " + field + ": '" + value + "' (" + why + ")", null);
    }
}
