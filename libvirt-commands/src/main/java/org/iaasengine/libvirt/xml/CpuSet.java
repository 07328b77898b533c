package org.iaasengine.libvirt.xml;

import org.iaasengine.core.InvalidInputException;


import java.util.BitSet;

/**
 * libvirt's CPU set syntax ({@code virBitmapParse}), as in {@code <numa><cell cpus='0-3,^2,6'>}
 * or {@code <vcpusched vcpus='0-1'>}: comma-separated ids and {@code a-b} ranges, {@code ^n}
 * excluding an id, blanks around items ignored.
 */
final class CpuSet {
    /** Far above any vCPU count libvirt accepts; keeps a hostile range from allocating gigabytes. */
    private static final int MAX_ID = 1 << 16;

    private CpuSet() {
    }

    /** The ids in {@code text}; IllegalArgumentException naming the text if it is not a CPU set. */
    static BitSet parse(String what, String text) {
        InvalidInputException.check(text != null, "%s is missing", what);
        BitSet set = new BitSet();
        BitSet excluded = new BitSet();
        for (String raw : text.split(",", -1)) {
            String item = raw.strip();
            try {
                if (item.startsWith("^")) {
                    excluded.set(id(item.substring(1).strip()));
                } else if (item.contains("-")) {
                    int dash = item.indexOf('-');
                    int from = id(item.substring(0, dash).strip());
                    int to = id(item.substring(dash + 1).strip());
                    InvalidInputException.check(from <= to, "range %s-%s runs backwards", from, to);
                    set.set(from, to + 1);
                } else {
                    set.set(id(item));
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(what + " must be a CPU set such as '0-3,^2,6', got '" + text
                        + "': " + e.getMessage(), e);
            }
        }
        set.andNot(excluded);
        return set;
    }

    /** {@code 0-(count-1)}, or {@code 0} for one CPU. */
    static String firstN(int count) {
        return count == 1 ? "0" : "0-" + (count - 1);
    }

    private static int id(String digits) {
        InvalidInputException.check(!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9'),
                "'%s' is not a CPU id", digits);
        InvalidInputException.check(digits.length() <= 6 && Integer.parseInt(digits) <= MAX_ID, "CPU id %s is too large", digits);
        return Integer.parseInt(digits);
    }
}
