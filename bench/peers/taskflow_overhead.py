#!/usr/bin/python3
"""Peer of scenario 1: OpenStack TaskFlow's engine overhead per task.

A linear flow of 5 no-op tasks run by the serial engine (taskflow.engines.run), timed over many
runs after a warm-up; the time of calling the 5 task bodies directly is subtracted, so what is left
is the engine's cost, divided by 5 to give it per task. Prints one line per sample:
"sample <nanoseconds per task>".

Usage: taskflow_overhead.py [samples] [runs-per-sample]
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
    flow = build()
    direct = [NoOp(name="d%d" % i) for i in range(5)]
    for _ in range(max(20, runs // 5)):  # warm-up
        taskflow.engines.run(flow, engine="serial")
    for _ in range(samples):
        t0 = time.perf_counter_ns()
        for _ in range(runs):
            taskflow.engines.run(flow, engine="serial")
        t1 = time.perf_counter_ns()
        for _ in range(runs):
            for t in direct:
                t.execute()
        t2 = time.perf_counter_ns()
        per_task = ((t1 - t0) - (t2 - t1)) / runs / 5
        print("sample %d" % int(per_task), flush=True)


if __name__ == "__main__":
    main()
