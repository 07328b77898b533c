#!/usr/bin/python3
"""Peer of the agents' no-op job: the same request and answer over oslo.messaging RPC (the layer
nova-compute is fed through), on the same RabbitMQ.

A job is a dict shaped like the agents' job message (org.iaasengine.agent.Jobs.Request):
{"schema": 1, "jobId": ..., "node": SERVER, "request": {"type": "noop"}}; the RPC server's
endpoint method `noop` checks it and answers like Jobs.Answer: {"schema": 1, "jobId": ...,
"node": SERVER, "outcome": "SUCCEEDED", "result": null, "failure": null, "fromJournal": false}.
Nothing is journaled: this is the RPC cost alone.

oslo.messaging as its API means it: get_rpc_transport, Target(topic, server), get_rpc_server with
the threading executor, an RPC client (get_rpc_client, the factory oslo.messaging 14 asks for:
constructing RPCClient directly logs a warning) prepared for one server, call(ctxt, 'noop', ...).
The configuration object is oslo_config.cfg.CONF (a fresh ConfigOpts() fails with
NoSuchOptError: oslo_messaging_metrics), parsed with no file. Server queues are auto-delete and
the client's reply queue expires 2 minutes after the run, so that runs leave nothing on the
broker's iaas-bench vhost.

Modes, each printing one JSON line on stdout (logs go to stderr):
  --mode latency --calls N --warmup W
      one server, one client, serial calls: after W calls not counted,
      {"mode":"latency","calls":N,"p50_us":..,"min_us":..,"max_us":..,"p99_us":..,"warmup":W}
  --mode throughput --servers S --calls N --clients C [--executor-threads T]
      S servers in this process (same topic, server names server-001..), C client threads calling
      them round-robin until N calls are done (one warm-up call per server first, not counted),
      {"mode":"throughput","servers":S,"calls":N,"seconds":..,"calls_per_s":..,"clients":C,
       "servers_start_s":..,"executor_threads":T,"threads_at_end":..}
      servers_start_s: the time to start the S servers; threads_at_end: this process's threads.
      T is executor_thread_pool_size, oslo's default 64. Its threading executor (futurist) starts
      a new worker thread on each message until a server has T of them, each waking every second
      when idle: 100 servers at the default end with thousands of threads, and the rate falls as
      they grow. Measured on a 2-core machine (shared with other work), 5000 calls, 8 clients:
      50-75 calls/s at 64 (about 5,200 threads; one run under more load timed out a call at 30 s),
      270-310 calls/s at 4 or at 1.
Every call has a timeout (--call-timeout); the whole run is ended by a watchdog after --deadline
seconds (exit 3) so that a stuck broker never hangs it.

Needs Debian's python3-oslo.messaging (use /usr/bin/python3) and the broker of
scripts/rabbitmq-up.sh (user iaas-bench on vhost iaas-bench).

Usage: oslo_rpc.py --mode latency [--calls 2000] [--warmup 200]
       oslo_rpc.py --mode throughput [--servers 100] [--calls 5000] [--clients 8] [--executor-threads T]
       (both: [--url URL] [--call-timeout 30] [--deadline 600])
"""
import argparse
import itertools
import json
import logging
import os
import sys
import threading
import time

from oslo_config import cfg
import oslo_messaging
from oslo_messaging import opts as messaging_opts

DEFAULT_URL = "rabbit://iaas-bench:iaas-bench@127.0.0.1:5672/iaas-bench"
TOPIC = "iaas-noop"
SCHEMA = 1


class NoopEndpoint(object):
    """An agent's no-op job: checks the job and answers it as done."""

    target = oslo_messaging.Target(version="1.0")

    def __init__(self, node):
        self.node = node

    def noop(self, ctxt, job):
        if job.get("schema") != SCHEMA or job.get("node") != self.node or "jobId" not in job:
            return {"schema": SCHEMA, "jobId": job.get("jobId"), "node": self.node, "outcome": "REJECTED",
                    "result": None, "fromJournal": False,
                    "failure": {"category": "BAD_MESSAGE", "message": "not a job for " + self.node,
                                "failedStep": None, "reverted": [], "revertFailures": []}}
        return {"schema": SCHEMA, "jobId": job["jobId"], "node": self.node, "outcome": "SUCCEEDED",
                "result": None, "failure": None, "fromJournal": False}


def job(job_id, node):
    return {"schema": SCHEMA, "jobId": job_id, "node": node, "request": {"type": "noop"}}


def configure(url, executor_threads):
    conf = cfg.CONF
    conf([], project="iaas-bench-oslo-rpc", default_config_files=[], default_config_dirs=[])
    for group, group_opts in messaging_opts.list_opts():
        conf.register_opts(group_opts, group=group)
    # Transient queues: a run leaves nothing behind (nova's default keeps them).
    conf.set_override("amqp_auto_delete", True, group="oslo_messaging_rabbit")
    # Reply queues are never auto-delete; they expire this long after their last use (default 1800).
    conf.set_override("rabbit_transient_queues_ttl", 120, group="oslo_messaging_rabbit")
    if executor_threads is not None:
        conf.set_override("executor_thread_pool_size", executor_threads)
    return conf, oslo_messaging.get_rpc_transport(conf, url=url)


def start_servers(transport, names):
    servers = []
    for name in names:
        target = oslo_messaging.Target(topic=TOPIC, server=name)
        server = oslo_messaging.get_rpc_server(transport, target, [NoopEndpoint(name)], executor="threading")
        server.start()
        servers.append(server)
    return servers


def stop_servers(servers):
    """stop() then wait() each. stop() joins the server's poll thread, which may be in a consume
    of up to 5 s (oslo's idle back-off), so the servers are stopped in parallel."""
    stoppers = [threading.Thread(target=s.stop, name="stop-%d" % i) for i, s in enumerate(servers)]
    for t in stoppers:
        t.start()
    for t in stoppers:
        t.join()
    for s in servers:
        s.wait()


def percentile(sorted_values, p):
    """Nearest rank."""
    k = max(0, min(len(sorted_values) - 1, -(-len(sorted_values) * p // 100) - 1))
    return sorted_values[int(k)]


def checked(answer, job_id, node):
    if answer.get("outcome") != "SUCCEEDED" or answer.get("jobId") != job_id or answer.get("node") != node:
        raise RuntimeError("unexpected answer to %s from %s: %r" % (job_id, node, answer))


def latency(transport, args):
    name = "server-001"
    servers = start_servers(transport, [name])
    try:
        client = oslo_messaging.get_rpc_client(transport, oslo_messaging.Target(topic=TOPIC, version="1.0"))
        ctx = client.prepare(server=name, timeout=args.call_timeout)
        samples = []
        for i in range(args.warmup + args.calls):
            job_id = "lat-%d" % i
            t0 = time.perf_counter_ns()
            answer = ctx.call({}, "noop", job=job(job_id, name))
            t1 = time.perf_counter_ns()
            checked(answer, job_id, name)
            if i >= args.warmup:
                samples.append((t1 - t0) / 1000.0)
    finally:
        stop_servers(servers)
    samples.sort()
    return {"mode": "latency", "calls": args.calls, "p50_us": round(percentile(samples, 50), 1),
            "min_us": round(samples[0], 1), "max_us": round(samples[-1], 1),
            "p99_us": round(percentile(samples, 99), 1), "warmup": args.warmup}


def throughput(transport, args):
    names = ["server-%03d" % i for i in range(1, args.servers + 1)]
    t0 = time.perf_counter()
    servers = start_servers(transport, names)
    started = time.perf_counter() - t0
    logging.getLogger("oslo_rpc").info("%d servers started in %.2f s", len(servers), started)
    errors = []
    try:
        client = oslo_messaging.get_rpc_client(transport, oslo_messaging.Target(topic=TOPIC, version="1.0"))
        contexts = [client.prepare(server=n, timeout=args.call_timeout) for n in names]
        for n, c in zip(names, contexts):  # warm-up: every server answers once
            checked(c.call({}, "noop", job=job("warm-" + n, n)), "warm-" + n, n)
        counter = itertools.count()

        def run():
            try:
                while not errors:
                    i = next(counter)
                    if i >= args.calls:
                        return
                    n = names[i % len(names)]
                    job_id = "tp-%d" % i
                    checked(contexts[i % len(names)].call({}, "noop", job=job(job_id, n)), job_id, n)
            except Exception as e:  # noqa: BLE001 - reported, and the run fails
                errors.append(e)

        threads = [threading.Thread(target=run, name="client-%d" % k, daemon=True) for k in range(args.clients)]
        t1 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - t1
        threads_at_end = threading.active_count()
    finally:
        stop_servers(servers)
    if errors:
        raise errors[0]
    return {"mode": "throughput", "servers": args.servers, "calls": args.calls, "seconds": round(seconds, 3),
            "calls_per_s": round(args.calls / seconds, 1), "clients": args.clients,
            "servers_start_s": round(started, 2), "executor_threads": args.executor_threads,
            "threads_at_end": threads_at_end}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=["latency", "throughput"], required=True)
    parser.add_argument("--calls", type=int, default=None, help="calls measured (2000 latency, 5000 throughput)")
    parser.add_argument("--warmup", type=int, default=200, help="latency: calls before measuring")
    parser.add_argument("--servers", type=int, default=100, help="throughput: RPC servers in this process")
    parser.add_argument("--clients", type=int, default=8, help="throughput: client threads")
    parser.add_argument("--executor-threads", type=int, default=None,
                        help="executor_thread_pool_size: worker threads per server (oslo's default: 64)")
    parser.add_argument("--url", default=DEFAULT_URL, help="transport URL (default %(default)s)")
    parser.add_argument("--call-timeout", type=float, default=30.0, help="seconds for one call")
    parser.add_argument("--deadline", type=float, default=600.0, help="seconds for the whole run")
    args = parser.parse_args()
    if args.calls is None:
        args.calls = 2000 if args.mode == "latency" else 5000
    if args.calls < 1 or args.warmup < 0 or args.servers < 1 or args.clients < 1:
        parser.error("--calls, --servers and --clients must be at least 1, --warmup at least 0")
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("oslo_rpc").setLevel(logging.INFO)

    def expire():
        sys.stderr.write("oslo_rpc: ERROR: not done within --deadline %.0f s\n" % args.deadline)
        sys.stderr.flush()
        os._exit(3)
    watchdog = threading.Timer(args.deadline, expire)
    watchdog.daemon = True
    watchdog.start()

    conf, transport = configure(args.url, args.executor_threads)
    args.executor_threads = conf.executor_thread_pool_size
    try:
        result = latency(transport, args) if args.mode == "latency" else throughput(transport, args)
    finally:
        transport.cleanup()
    watchdog.cancel()
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
