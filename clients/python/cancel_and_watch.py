#!/usr/bin/python3
"""Cancels one pipeline run through CancelGateway, follows it with WatchRun and prints each
state change and the final state.

    ./gen.sh && /usr/bin/python3 cancel_and_watch.py [--address 127.0.0.1:50051] RUN

Exit status: 0 the run ended CANCELLED; 3 it ended otherwise (the cancel lost the race, or the
run had already ended); 1 the gateway refused the request or the operation failed (the gRPC
code, the ErrorInfo reason and the message are printed on one line); 2 usage.
"""
import argparse
import os
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated"))

import grpc  # noqa: E402
from cancelgateway.v1 import pipeline_control_pb2 as pb  # noqa: E402
from cancelgateway.v1 import pipeline_control_pb2_grpc as pb_grpc  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402


def describe(code, message, details):
    """One line: the gRPC code, the ErrorInfo reason, the message."""
    reason = ""
    for detail in details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = " " + info.reason
    return f"error: {code}{reason}: {message}"


def describe_rpc_error(error):
    # The rich status travels in the grpc-status-details-bin trailer as a serialized
    # google.rpc.Status (grpcio-status's rpc_status.from_call does the same, where installed).
    details = []
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            details = status_pb2.Status.FromString(value).details
    return describe(error.code().name, error.details(), details)


def run(address, name, reason):
    with grpc.insecure_channel(address) as channel:
        client = pb_grpc.PipelineControlStub(channel)
        # A request id makes the call safe to retry: a retry gets the same operation back.
        operation = client.Cancel(pb.CancelRequest(name=name, request_id=str(uuid.uuid4()), reason=reason), timeout=60)
        print("operation:", operation.name, flush=True)
        last = None
        for snapshot in client.WatchRun(pb.WatchRunRequest(name=operation.name), timeout=300):
            metadata = pb.CancelOperationMetadata()
            snapshot.metadata.Unpack(metadata)
            line = f"{pb.RunState.Name(metadata.state)} ({metadata.provider_state})"
            if line != last:
                print("state:", line, flush=True)
                last = line
            if not snapshot.done:
                continue
            if snapshot.HasField("error"):
                code = next((c.name for c in grpc.StatusCode if c.value[0] == snapshot.error.code), str(snapshot.error.code))
                print(describe(code, snapshot.error.message, snapshot.error.details), file=sys.stderr)
                return 1
            response = pb.CancelRunResponse()
            snapshot.response.Unpack(response)
            print("final:", pb.RunState.Name(response.final_state), flush=True)
            return 0 if response.final_state == pb.RUN_STATE_CANCELLED else 3
    print("error: the watch ended before the operation was done", file=sys.stderr)
    return 1


def main():
    parser = argparse.ArgumentParser(description="Cancel a pipeline run and watch it to the end.")
    parser.add_argument("--address", default="127.0.0.1:50051", help="the gateway's gRPC address (host:port, cleartext h2c)")
    parser.add_argument("--reason", default="cancelled from the Python example")
    parser.add_argument("run", help="the run, named the way its provider names it")
    args = parser.parse_args()
    try:
        return run(args.address, args.run, args.reason)
    except grpc.RpcError as error:
        print(describe_rpc_error(error), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
