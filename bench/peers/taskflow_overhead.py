#!/usr/bin/python3
"""Peer of scenario 1: OpenStack TaskFlow's engine overhead per task, measured two ways.

A linear flow of 5 no-op tasks on the serial engine, timed over many runs after a warm-up; the time
of calling the 5 task bodies directly is subtracted, so what is left is the engine's cost, divided
by 5 to give it per task. Prints one line per sample: "sample <nanoseconds per task>".

Modes (the same work as the Java side of each row):
  per-op  taskflow.engines.run(flow): the flow loaded (compiled) and run each time; the Java side
          builds an Action and runs it each time.
  steady  one engine loaded, compiled and prepared once, then reset() and run() each time; the Java
          side runs one built Action again.

Usage: taskflow_overhead.py [samples] [runs-per-sample] [per-op|steady]
"""
import sys
import time

import taskflow.engines
from taskflow import task
from taskflow.patterns import linear_flow


class NoOp(task.Task):
    def execute(self):
        return 1


def build():
    flow = linear_flow.Flow("noop")
    for i in range(5):
        flow.add(NoOp(name="noop%d" % i))
    return flow


def main():
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    mode = sys.argv[3] if len(sys.argv) > 3 else "per-op"
    flow = build()
    direct = [NoOp(name="d%d" % i) for i in range(5)]
    if mode == "per-op":
        def once():
            taskflow.engines.run(flow, engine="serial")
    elif mode == "steady":
        engine = taskflow.engines.load(flow, engine="serial")
        engine.compile()
        engine.prepare()
        engine.validate()

        def once():
            engine.reset()
            engine.run()
    else:
        raise SystemExit("mode must be per-op or steady: %r" % mode)
    for _ in range(max(20, runs // 5)):  # warm-up
        once()
    for _ in range(samples):
        t0 = time.perf_counter_ns()
        for _ in range(runs):
            once()
        t1 = time.perf_counter_ns()
        for _ in range(runs):
            for t in direct:
                t.execute()
        t2 = time.perf_counter_ns()
        per_task = ((t1 - t0) - (t2 - t1)) / runs / 5
        print("sample %d" % int(per_task), flush=True)


if __name__ == "__main__":
    main()
