package org.iaasengine.bench;

import java.nio.file.Path;

/**
 * What every scenario needs: the host, the peers, how many repetitions, the domain name prefix.
 *
 * @param uri     the real libvirtd, {@code qemu:///system}
 * @param peers   the peer programs under {@code bench/peers}
 * @param reps    how many times each comparison is repeated (interleaved ours/peer)
 * @param prefix  the prefix of every domain the harness creates ({@code iaas-perf-})
 * @param workDir a scratch directory (definition store, XML files), deleted by the caller
 */
public record BenchContext(String uri, Peer peers, int reps, String prefix, Path workDir) {

    /** A domain name with the harness's prefix. */
    public String name(String suffix) {
        return prefix + suffix;
    }
}
