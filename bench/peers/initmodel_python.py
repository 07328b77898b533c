#!/usr/bin/python3
"""Peer of scenario 2: an InitModel with python3-libvirt (Debian package), in process, warm.

One connection; each sample is: listAllDomains(0), then info() and XMLDesc(0) of every domain
whose name starts with PREFIX (the harness's domains; others' domains on a shared daemon are
listed but not read). A warm-up of 3 runs first. Prints "sample <nanoseconds>" per run.

Usage: initmodel_python.py URI PREFIX SAMPLES
"""
import sys
import time

import libvirt


def init_model(conn, prefix):
    model = {}
    for dom in conn.listAllDomains(0):
        name = dom.name()
        if not name.startswith(prefix):
            continue
        state, max_mem, mem, vcpus, cpu_time = dom.info()
        model[name] = (dom.UUIDString(), state, max_mem, mem, vcpus, dom.XMLDesc(0))
    return model


def main():
    uri, prefix, samples = sys.argv[1], sys.argv[2], int(sys.argv[3])
    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    conn = libvirt.open(uri)
    try:
        for _ in range(3):
            init_model(conn, prefix)
        for _ in range(samples):
            t0 = time.perf_counter_ns()
            model = init_model(conn, prefix)
            t1 = time.perf_counter_ns()
            if not model:
                raise SystemExit("no domain named %s* on %s" % (prefix, uri))
            print("sample %d" % (t1 - t0), flush=True)
    finally:
        conn.close()


if __name__ == "__main__":
    main()
