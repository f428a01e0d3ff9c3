#!/usr/bin/python3
"""grpcio client of the CancelGateway for CodeArts runs, driven by CodeArtsFunctionalTests.

    /usr/bin/python3 codearts_client.py --target 127.0.0.1:PORT --stubs DIR --scenario NAME [options]

Scenarios (each asserts what a generated-client caller observes; exit 0 with "PASS python
<scenario>" on stdout, or 1 with a message on stderr):
  cancel       --run R --expect-state S --expect-provider-state P [--already-ended]
  not_found    --run R --expect-provider-code C
  auth_failed  --run R --secret X [--expect-provider-code C]
  cancel_many  --runs-file F
Debian's grpcio has no grpc_status module, so rich error details are decoded here from the raw
grpc-status-details-bin trailer.
"""
import os
import sys
import uuid

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import gateway_client as gc  # noqa: E402  (the shared helpers sit beside the Vertex client)
from gateway_client import (  # noqa: E402
    CALL_TIMEOUT_S, DOMAIN, check, error_info, expect_rpc_error, rich_status, status_details_bytes, wait_done)


def unpack(any_message, message_type):
    return gc.unpack(None, any_message, message_type)


def scenario_cancel(channel, stubs, args):
    control = stubs.control(channel)
    operation = control.Cancel(stubs.pc.CancelRequest(name=args.run, request_id=str(uuid.uuid4()), reason="python codearts"),
                               timeout=CALL_TIMEOUT_S)
    metadata = unpack(operation.metadata, stubs.pc.CancelOperationMetadata)
    check(metadata.run == args.run, f"metadata.run is {metadata.run!r}")
    check(metadata.provider == stubs.pc.PROVIDER_CODEARTS, f"metadata.provider is {metadata.provider}")
    done = operation if operation.done else wait_done(stubs, channel, operation.name)
    check(done.WhichOneof("result") == "response", f"the done operation has {done.WhichOneof('result')!r}: {done.error.message!r}")
    response = unpack(done.response, stubs.pc.CancelRunResponse)
    state = stubs.pc.RunState.Name(response.final_state)
    check(state == args.expect_state, f"final_state is {state}, expected {args.expect_state}")
    check(response.provider_state == args.expect_provider_state,
          f"provider_state is {response.provider_state!r}, expected {args.expect_provider_state!r}")
    check(response.provider == stubs.pc.PROVIDER_CODEARTS, f"response.provider is {response.provider}")
    check(response.already_ended == args.already_ended, f"already_ended is {response.already_ended}")
    check(response.HasField("end_time") and response.end_time.seconds > 0, "the response has no end_time")
    final = unpack(done.metadata, stubs.pc.CancelOperationMetadata)
    check(final.cancel_requested, "cancel_requested is false in the done operation")
    print(f"operation {done.name}: {state} ({response.provider_state}), already_ended={response.already_ended}")


def scenario_not_found(channel, stubs, args):
    control = stubs.control(channel)
    error = expect_rpc_error(lambda: control.Cancel(stubs.pc.CancelRequest(name=args.run), timeout=CALL_TIMEOUT_S),
                             grpc.StatusCode.NOT_FOUND, "Cancel of an unknown CodeArts run")
    status = rich_status(stubs, error)
    info = error_info(stubs, status)
    check(info.reason == "RUN_NOT_FOUND", f"ErrorInfo.reason is {info.reason!r}")
    check(info.domain == DOMAIN, f"ErrorInfo.domain is {info.domain!r}")
    metadata = dict(info.metadata)
    check(metadata.get("provider") == "codearts", f"ErrorInfo.metadata is {metadata!r}")
    check(metadata.get("run") == args.run, f"ErrorInfo.metadata is {metadata!r}")
    check(metadata.get("provider_code") == args.expect_provider_code, f"provider_code in {metadata!r}")
    check(metadata.get("provider_http_status") == "404", f"provider_http_status in {metadata!r}")
    check(len(metadata.get("provider_request_id", "")) > 0, f"no provider_request_id in {metadata!r}")
    print(f"ErrorInfo metadata: {metadata}")


def scenario_auth_failed(channel, stubs, args):
    secret = args.secret.encode("utf-8")
    control = stubs.control(channel)
    error = expect_rpc_error(lambda: control.Cancel(stubs.pc.CancelRequest(name=args.run), timeout=CALL_TIMEOUT_S),
                             grpc.StatusCode.INTERNAL, "Cancel with refused gateway credentials")
    status = rich_status(stubs, error)
    raw = status_details_bytes(error)
    info = error_info(stubs, status)
    check(info.reason == "PROVIDER_AUTHENTICATION_FAILED", f"ErrorInfo.reason is {info.reason!r}")
    check(info.metadata.get("provider") == "codearts", f"ErrorInfo.metadata is {dict(info.metadata)!r}")
    if args.expect_provider_code:
        check(info.metadata.get("provider_code") == args.expect_provider_code, f"provider_code in {dict(info.metadata)!r}")
    check("gateway configuration problem" in error.details(), f"the message does not say it is the gateway's configuration: {error.details()!r}")
    check(args.secret not in error.details(), "the secret is in the error message")
    check(secret not in raw, "the secret is in grpc-status-details-bin")
    for key, value in error.trailing_metadata():
        check(secret not in (value if isinstance(value, bytes) else value.encode("utf-8")), f"the secret is in trailer {key}")

    # The failed operation is kept: it must not hold the secret either.
    operations = stubs.operations(channel)
    listed = operations.ListOperations(stubs.lro.ListOperationsRequest(name="operations", filter=f'run = "{args.run}"'),
                                       timeout=CALL_TIMEOUT_S)
    check(len(listed.operations) == 1, f"expected one operation for the run, got {len(listed.operations)}")
    operation = listed.operations[0]
    check(operation.done and operation.WhichOneof("result") == "error", "the operation is not done with an error")
    check(operation.error.code == grpc.StatusCode.INTERNAL.value[0], f"Operation.error.code is {operation.error.code}")
    check(secret not in operation.SerializeToString(), "the secret is in the operation")
    print(f"INTERNAL: {error.details()}")


def scenario_cancel_many(channel, stubs, args):
    with open(args.runs_file, encoding="utf-8") as runs_file:
        runs = [line.strip() for line in runs_file if line.strip()]
    control = stubs.control(channel)
    names = []
    for run in runs:
        operation = control.Cancel(stubs.pc.CancelRequest(name=run, request_id=str(uuid.uuid4())), timeout=CALL_TIMEOUT_S)
        names.append(operation.name)
    check(len(set(names)) == len(runs), "two runs share an operation")
    for name in names:
        response = unpack(wait_done(stubs, channel, name).response, stubs.pc.CancelRunResponse)
        check(response.final_state == stubs.pc.RUN_STATE_CANCELLED,
              f"{response.run} ended {stubs.pc.RunState.Name(response.final_state)}")
    print(f"cancelled {len(names)} runs")


SCENARIOS = {
    "cancel": scenario_cancel,
    "not_found": scenario_not_found,
    "auth_failed": scenario_auth_failed,
    "cancel_many": scenario_cancel_many,
}


def add_arguments(parser):
    parser.add_argument("--runs-file", default="")
    parser.add_argument("--expect-state", default="RUN_STATE_CANCELLED")
    parser.add_argument("--expect-provider-state", default="CANCELED")
    parser.add_argument("--expect-provider-code", default="")
    parser.add_argument("--already-ended", action="store_true")
    parser.add_argument("--secret", default="")


if __name__ == "__main__":
    sys.exit(gc.run_scenarios(SCENARIOS, "python", __doc__, add_arguments))
