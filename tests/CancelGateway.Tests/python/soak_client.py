#!/usr/bin/python3
"""One soak-test client of the CancelGateway (SoakTests): mixed load for a fixed time.

    /usr/bin/python3 soak_client.py --target 127.0.0.1:PORT --stubs DIR --runs-file F --seconds N --seed S

Loops until N seconds have passed: Cancel (40 %), BatchCancel of 5 (15 %), WatchRun of an
accepted operation for up to 2 s (15 %), ListOperations (29 %) and, 1 % of the time, a
connection that sends the HTTP/2 preface and then garbage. Prints one JSON object: the
operations the gateway accepted, the calls made, and any status a caller should never see.
"""
import argparse
import json
import random
import socket
import sys
import time
import uuid

import grpc

from gateway_client import Stubs

CALL_TIMEOUT_S = 15.0
# Statuses a caller may see under this load: the provider flaps and callers hang up on purpose.
EXPECTED = {grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.CANCELLED, grpc.StatusCode.UNAVAILABLE,
            grpc.StatusCode.RESOURCE_EXHAUSTED}
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def garbage(target, rng):
    host, port = target.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(PREFACE + bytes(rng.getrandbits(8) for _ in range(rng.randint(9, 200))))
        raw.settimeout(2)
        try:
            while raw.recv(4096):
                pass
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True)
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--runs-file", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args()
    stubs = Stubs(args.stubs)
    rng = random.Random(args.seed)
    with open(args.runs_file, encoding="utf-8") as f:
        runs = [line.strip() for line in f if line.strip()]

    accepted, calls, unexpected, seen = [], 0, [], {}
    deadline = time.monotonic() + args.seconds
    with grpc.insecure_channel(args.target) as channel:
        control = stubs.control(channel)
        operations = stubs.operations(channel)
        while time.monotonic() < deadline:
            roll = rng.random()
            calls += 1
            try:
                if roll < 0.40:
                    op = control.Cancel(stubs.pc.CancelRequest(name=rng.choice(runs), request_id=str(uuid.uuid4()), reason="soak"), timeout=CALL_TIMEOUT_S)
                    accepted.append(op.name)
                elif roll < 0.55:
                    names = rng.sample(runs, 5)
                    op = control.BatchCancel(stubs.pc.BatchCancelRequest(names=names, request_id=str(uuid.uuid4()), reason="soak"), timeout=CALL_TIMEOUT_S)
                    accepted.append(op.name)
                elif roll < 0.70:
                    if accepted:
                        for _ in control.WatchRun(stubs.pc.WatchRunRequest(name=rng.choice(accepted)), timeout=2.0):
                            pass
                elif roll < 0.99:
                    operations.ListOperations(stubs.lro.ListOperationsRequest(name="operations", page_size=50, filter=rng.choice(["", "done = true", "done = false", 'kind = "batch"'])), timeout=CALL_TIMEOUT_S)
                else:
                    garbage(args.target, rng)
            except grpc.RpcError as error:
                code = error.code()
                seen[code.name] = seen.get(code.name, 0) + 1
                if code not in EXPECTED:
                    unexpected.append(f"{code.name}: {error.details()}")
    print(json.dumps({"accepted": accepted, "calls": calls, "statuses": seen, "unexpected": unexpected[:20]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
