#!/usr/bin/python3
"""Peer of scenario 4: the same creates as the engine's batch, through python3-libvirt threads.

One connection (libvirt's client is thread-safe and multiplexes calls); N threads each create one
transient domain from XMLDIR/vm-NN.xml with createXML and wait until libvirt reports it running.
Prints "sample <nanoseconds>" for the wall time of the whole batch. The harness destroys the domains.

Usage: create_python.py URI XMLDIR N
"""
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import libvirt


def main():
    uri, xml_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    conn = libvirt.open(uri)
    xmls = []
    for i in range(n):
        with open(os.path.join(xml_dir, "vm-%02d.xml" % i)) as f:
            xmls.append(f.read())

    def create(xml):
        dom = conn.createXML(xml, 0)
        state, _ = dom.state()
        if state != libvirt.VIR_DOMAIN_RUNNING:
            raise RuntimeError("%s is in state %d after create" % (dom.name(), state))
        return dom.name()

    try:
        t0 = time.perf_counter_ns()
        with ThreadPoolExecutor(max_workers=n) as pool:
            list(pool.map(create, xmls))
        t1 = time.perf_counter_ns()
        print("sample %d" % (t1 - t0), flush=True)
    finally:
        conn.close()


if __name__ == "__main__":
    main()
