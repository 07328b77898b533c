#!/usr/bin/python3
"""The RabbitMQ definitions of the IaaS Engine broker, as one JSON file for
`rabbitmqctl import_definitions FILE` (which merges: it adds and updates, it never deletes).

What it defines:
  vhost iaas:
    exchanges (topic, durable, not auto-delete): iaas.events, iaas.results, iaas.control,
      iaas.dead-letters
    quorum queue iaas-dead-letters, bound to iaas.dead-letters with routing key '#'
    policy iaas-jobs: queues matching ^hva-handle\\. dead-letter to iaas.dead-letters, at most 5
      deliveries
    user iaas-orchestrator: configure/write/read '.*'; topic permissions on each of the four
      exchanges: write '.*' read '.*'
    per node N, user iaas-agent-N:
      configure ^hva-(handle|control)\\.N$
      write     ^(hva-control\\.N|iaas\\.(events|results|dead-letters))$
      read      ^(hva-(handle|control)\\.N|iaas\\.control)$
      topic permissions on each of iaas.events, iaas.results, iaas.dead-letters, iaas.control:
        write ^N\\. (routing keys it publishes with) read ^N\\. (binding keys it binds with)
    A topic permission's "exchange" is an exchange NAME, not a pattern: RabbitMQ looks the entry up
    by the exact name, and an exchange without an entry is not restricted at all. Hence one entry
    per exchange (an entry named ^iaas\\.(events|...)$ would restrict nothing).
  vhost iaas-bench: user iaas-bench (password iaas-bench), '.*' everything (the oslo.messaging
    benchmark peer).
Every password is the user name (test users, loopback broker). Hashes are
rabbit_password_hashing_sha256: base64(salt + sha256(salt + utf8(password))), 4 random bytes of salt.

Node names match ^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$ (no dots: a node name is a routing-key word).

The global parameter iaas_engine_definitions holds "sha256:<hex>", a digest of everything above
except the password hashes (whose salt is random), so that a caller can tell whether a broker
already has these definitions without importing them again. With --output the digest is also
printed on stdout.

Usage: broker-definitions.py [--nodes-count K] [--output FILE] [node ...]
  node ...        the nodes (default: test-node test-jobs host1 host2 h18w-a h18w-b h18p-a h18p-b
                  h18p-c: the last five are the remote CLI's, live view's, placement's and
                  evacuation's test agents)
  --nodes-count K also nodes node-001 .. node-K
"""
import argparse
import base64
import hashlib
import json
import os
import re
import sys

VHOST = "iaas"
BENCH_VHOST = "iaas-bench"
DEFAULT_NODES = ["test-node", "test-jobs", "host1", "host2", "h18w-a", "h18w-b", "h18p-a", "h18p-b", "h18p-c"]
NODE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}")
EXCHANGES = ["iaas.events", "iaas.results", "iaas.control", "iaas.dead-letters"]
DEAD_LETTER_EXCHANGE = "iaas.dead-letters"
DEAD_LETTER_QUEUE = "iaas-dead-letters"
DIGEST_PARAMETER = "iaas_engine_definitions"


def password_hash(password, salt=None):
    """rabbit_password_hashing_sha256: base64(salt4 + sha256(salt4 + utf8(password)))."""
    salt = os.urandom(4) if salt is None else salt
    if len(salt) != 4:
        raise ValueError("the salt is 4 bytes")
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode("utf-8")).digest()).decode("ascii")


def user(name, password):
    return {"name": name, "password_hash": password_hash(password),
            "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": [], "limits": {}}


def permission(user_name, vhost, configure, write, read):
    return {"user": user_name, "vhost": vhost, "configure": configure, "write": write, "read": read}


def topic_permission(user_name, vhost, exchange, write, read):
    return {"user": user_name, "vhost": vhost, "exchange": exchange, "write": write, "read": read}


def node_names(nodes, nodes_count):
    if nodes_count < 0:
        raise ValueError("--nodes-count must not be negative: %d" % nodes_count)
    names = list(nodes) if nodes else list(DEFAULT_NODES)
    names += ["node-%03d" % i for i in range(1, nodes_count + 1)]
    for n in names:
        if not NODE_NAME.fullmatch(n):
            raise ValueError("bad node name %r: a node name matches ^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$ "
                             "(letters, digits, '_' and '-'; no dots)" % n)
    seen = set()
    return [n for n in names if not (n in seen or seen.add(n))]


def definitions(nodes):
    users = [user("iaas-orchestrator", "iaas-orchestrator"), user("iaas-bench", "iaas-bench")]
    permissions = [permission("iaas-orchestrator", VHOST, ".*", ".*", ".*"),
                   permission("iaas-bench", BENCH_VHOST, ".*", ".*", ".*")]
    topic_permissions = [topic_permission("iaas-orchestrator", VHOST, e, ".*", ".*") for e in EXCHANGES]
    for n in nodes:  # n has no regex metacharacter but '-', which is literal outside [...]
        name = "iaas-agent-" + n
        users.append(user(name, name))
        permissions.append(permission(
            name, VHOST,
            r"^hva-(handle|control)\.%s$" % n,
            r"^(hva-control\.%s|iaas\.(events|results|dead-letters))$" % n,
            r"^(hva-(handle|control)\.%s|iaas\.control)$" % n))
        topic_permissions += [topic_permission(name, VHOST, e, r"^%s\." % n, r"^%s\." % n) for e in EXCHANGES]
    return {
        "users": users,
        "vhosts": [{"name": VHOST}, {"name": BENCH_VHOST}],
        "permissions": permissions,
        "topic_permissions": topic_permissions,
        "parameters": [],
        "global_parameters": [],
        "policies": [{
            "vhost": VHOST, "name": "iaas-jobs", "pattern": r"^hva-handle\.", "apply-to": "queues",
            "priority": 0,
            "definition": {"dead-letter-exchange": DEAD_LETTER_EXCHANGE, "delivery-limit": 5},
        }],
        "exchanges": [{"name": e, "vhost": VHOST, "type": "topic", "durable": True, "auto_delete": False,
                       "internal": False, "arguments": {}} for e in EXCHANGES],
        "queues": [{"name": DEAD_LETTER_QUEUE, "vhost": VHOST, "durable": True, "auto_delete": False,
                    "arguments": {"x-queue-type": "quorum"}}],
        "bindings": [{"source": DEAD_LETTER_EXCHANGE, "vhost": VHOST, "destination": DEAD_LETTER_QUEUE,
                      "destination_type": "queue", "routing_key": "#", "arguments": {}}],
    }


def digest(defs):
    """sha256 of the definitions without the password hashes (random salt) and without itself."""
    stripped = dict(defs)
    stripped["users"] = [{k: v for k, v in u.items() if k != "password_hash"} for u in defs["users"]]
    stripped["global_parameters"] = [p for p in defs["global_parameters"] if p["name"] != DIGEST_PARAMETER]
    canonical = json.dumps(stripped, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Writes the IaaS Engine broker definitions (JSON).")
    parser.add_argument("nodes", nargs="*", metavar="node",
                        help="node names (default: %s)" % " ".join(DEFAULT_NODES))
    parser.add_argument("--nodes-count", type=int, default=0, metavar="K", help="also nodes node-001 .. node-K")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write here (mode 600) and print the digest on stdout; default: the JSON on stdout")
    args = parser.parse_args(argv)
    try:
        nodes = node_names(args.nodes, args.nodes_count)
    except ValueError as e:
        print("broker-definitions: ERROR: %s" % e, file=sys.stderr)
        return 2
    defs = definitions(nodes)
    d = digest(defs)
    defs["global_parameters"].append({"name": DIGEST_PARAMETER, "value": d})
    text = json.dumps(defs, indent=1, sort_keys=True) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    tmp = args.output + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds password hashes
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, args.output)
    print(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
