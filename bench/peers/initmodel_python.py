#!/usr/bin/python3
"""Peer of scenario 2: an InitModel with python3-libvirt (Debian package), in process, written as
well as that API allows.

One connection, opened before timing. Each sample is one InitModel:
  node info (getInfo), one bulk state call (getAllDomainStats with the state group only), and the
  domain XML (XMLDesc) of each domain named PREFIX* it has not seen before (cached by UUID; the
  harness's domains; others' domains on a shared daemon are listed but not read).
Modes:
  warm   the cache kept from sample to sample (after 3 warm-up runs): no XML read
  cold   the cache emptied before each sample: every domain's XML read, as a first InitModel does
  floor  one raw getAllDomainStats(state) call and nothing else: the least any InitModel can cost
Prints "sample <nanoseconds>" per sample.

Usage: initmodel_python.py URI PREFIX SAMPLES [warm|cold|floor]
"""
import sys
import time

import libvirt


def init_model(conn, prefix, cache):
    node = conn.getInfo()
    model = {}
    for dom, stats in conn.getAllDomainStats(libvirt.VIR_DOMAIN_STATS_STATE, 0):
        name = dom.name()
        if not name.startswith(prefix):
            continue
        uuid = dom.UUIDString()
        xml = cache.get(uuid)
        if xml is None:
            xml = dom.XMLDesc(0)
            cache[uuid] = xml
        model[name] = (uuid, stats["state.state"], stats["state.reason"], len(xml))
    return node, model


def floor(conn):
    return len(conn.getAllDomainStats(libvirt.VIR_DOMAIN_STATS_STATE, 0))


def main():
    uri, prefix, samples = sys.argv[1], sys.argv[2], int(sys.argv[3])
    mode = sys.argv[4] if len(sys.argv) > 4 else "warm"
    if mode not in ("warm", "cold", "floor"):
        raise SystemExit("mode must be warm, cold or floor: %r" % mode)
    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    conn = libvirt.open(uri)
    try:
        cache = {}
        for _ in range(3):
            init_model(conn, prefix, cache)
            floor(conn)
        for _ in range(samples):
            if mode == "cold":
                cache = {}
            t0 = time.perf_counter_ns()
            if mode == "floor":
                n = floor(conn)
            else:
                n = len(init_model(conn, prefix, cache)[1])
            t1 = time.perf_counter_ns()
            if not n:
                raise SystemExit("no domain named %s* on %s" % (prefix, uri))
            print("sample %d" % (t1 - t0), flush=True)
    finally:
        conn.close()


if __name__ == "__main__":
    main()
