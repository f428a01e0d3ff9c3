#!/usr/bin/python3
"""grpcio client of the CancelGateway, driven by the functional tests (PythonClientTests).

    /usr/bin/python3 gateway_client.py --target 127.0.0.1:PORT --stubs DIR --scenario NAME [--run RUN]

DIR holds the stubs protoc generated from cancelgateway/v1/pipeline_control.proto,
google/longrunning/operations.proto and google/rpc/*.proto. Each scenario asserts what a
generated-client caller observes; the exit code is 0 with "PASS python <scenario>" on stdout,
or 1 with a message on stderr. Debian's grpcio has no grpc_status module, so rich error details
are decoded here from the raw grpc-status-details-bin trailer.
"""
import argparse
import sys
import time
import uuid

import grpc
from google.protobuf import duration_pb2

# Every call is bounded so that a hung gateway fails the scenario instead of the test run.
CALL_TIMEOUT_S = 15.0
WATCH_TIMEOUT_S = 30.0
DOMAIN = "cancelgateway.v1.PipelineControl"


class ScenarioFailure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise ScenarioFailure(message)


def expect_rpc_error(call, expected_code, what):
    try:
        result = call()
    except grpc.RpcError as error:
        check(error.code() == expected_code,
              f"{what}: expected {expected_code.name}, got {error.code().name}: {error.details()!r}")
        return error
    raise ScenarioFailure(f"{what}: expected {expected_code.name}, but the call succeeded with {result!r}")


def status_details_bytes(error):
    """The raw grpc-status-details-bin trailer (Debian's grpcio has no grpc_status module)."""
    raw = [value for key, value in error.trailing_metadata() if key == "grpc-status-details-bin"]
    check(len(raw) == 1, f"expected one grpc-status-details-bin trailer, got {len(raw)}")
    return raw[0]


def rich_status(stubs, error):
    status = stubs.status.Status.FromString(status_details_bytes(error))
    check(status.code == error.code().value[0],
          f"google.rpc.Status.code is {status.code}, but the call's status is {error.code().name}")
    check(status.message == error.details(), "google.rpc.Status.message differs from grpc-message")
    return status


def detail(stubs, status, message_type):
    for any_detail in status.details:
        if any_detail.Is(message_type.DESCRIPTOR):
            unpacked = message_type()
            any_detail.Unpack(unpacked)
            return unpacked
    type_urls = [d.type_url for d in status.details]
    raise ScenarioFailure(f"no {message_type.DESCRIPTOR.full_name} among the details {type_urls}")


def unpack(stubs, any_message, message_type):
    check(any_message.Is(message_type.DESCRIPTOR),
          f"expected a {message_type.DESCRIPTOR.full_name}, got {any_message.type_url!r}")
    result = message_type()
    any_message.Unpack(result)
    return result


def error_info(stubs, status):
    return detail(stubs, status, stubs.details.ErrorInfo)


def state_name(stubs, value):
    return stubs.pc.RunState.Name(value)


def wait_done(stubs, channel, name, limit=60.0):
    """WaitOperation until the operation is done, within `limit` seconds in all."""
    operations = stubs.operations(channel)
    deadline = time.monotonic() + limit
    while True:
        check(time.monotonic() < deadline, f"{name} was not done within {limit} s")
        operation = operations.WaitOperation(
            stubs.lro.WaitOperationRequest(name=name, timeout=duration_pb2.Duration(seconds=5)), timeout=CALL_TIMEOUT_S)
        if operation.done:
            return operation


def scenario_cancel_watch(channel, stubs, args):
    control = stubs.control(channel)
    operation = control.Cancel(stubs.pc.CancelRequest(name=args.run, request_id=str(uuid.uuid4()), reason="python"),
                               timeout=CALL_TIMEOUT_S)
    check(operation.name.startswith("operations/"), f"operation name {operation.name!r}")
    metadata = unpack(stubs, operation.metadata, stubs.pc.CancelOperationMetadata)
    check(metadata.run == args.run, f"metadata.run is {metadata.run!r}")
    check(metadata.provider == stubs.pc.PROVIDER_VERTEX_AI, f"metadata.provider is {metadata.provider}")
    check(metadata.mode == stubs.pc.CANCEL_MODE_GRACEFUL, f"metadata.mode is {metadata.mode}")
    check(metadata.reason == "python", f"metadata.reason is {metadata.reason!r}")

    snapshots = list(control.WatchRun(stubs.pc.WatchRunRequest(name=args.run), timeout=WATCH_TIMEOUT_S))
    check(len(snapshots) >= 1, "WatchRun streamed nothing")
    check(all(s.name == operation.name for s in snapshots), "WatchRun streamed another operation")
    check(not any(s.done for s in snapshots[:-1]), "WatchRun went on after a done snapshot")
    last = snapshots[-1]
    check(last.done, "the last snapshot WatchRun streamed is not done")
    check(last.WhichOneof("result") == "response", f"the done operation has {last.WhichOneof('result')!r}, expected a response")
    response = unpack(stubs, last.response, stubs.pc.CancelRunResponse)
    check(response.final_state == stubs.pc.RUN_STATE_CANCELLED,
          f"final_state is {state_name(stubs, response.final_state)}, expected RUN_STATE_CANCELLED")
    check(response.run == args.run, f"response.run is {response.run!r}")
    check(not response.already_ended, "already_ended is true for a run that was running")
    states = [state_name(stubs, unpack(stubs, s.metadata, stubs.pc.CancelOperationMetadata).state) for s in snapshots]
    print(f"states seen: {states}")
    check("RUN_STATE_CANCELLING" in states, f"WatchRun never showed the run CANCELLING: {states}")


def scenario_idempotent_retry(channel, stubs, args):
    control = stubs.control(channel)
    request = stubs.pc.CancelRequest(name=args.run, request_id=str(uuid.uuid4()))
    first = control.Cancel(request, timeout=CALL_TIMEOUT_S)
    retry = control.Cancel(request, timeout=CALL_TIMEOUT_S)
    check(retry.name == first.name, f"the retry got {retry.name}, the first call {first.name}")

    done = first if first.done else wait_done(stubs, channel, first.name, WATCH_TIMEOUT_S)
    response = unpack(stubs, done.response, stubs.pc.CancelRunResponse)
    check(response.final_state == stubs.pc.RUN_STATE_CANCELLED,
          f"final_state is {state_name(stubs, response.final_state)}, expected RUN_STATE_CANCELLED")

    late = control.Cancel(request, timeout=CALL_TIMEOUT_S)
    check(late.name == first.name, f"a retry after the end got {late.name}, expected {first.name}")
    check(late.done, "a retry after the end got an operation that is not done")

    other = stubs.pc.CancelRequest(name=args.run + "-other", request_id=request.request_id)
    error = expect_rpc_error(lambda: control.Cancel(other, timeout=CALL_TIMEOUT_S),
                             grpc.StatusCode.INVALID_ARGUMENT, "the same request_id for another run")
    info = detail(stubs, rich_status(stubs, error), stubs.details.ErrorInfo)
    check(info.reason == "REQUEST_ID_REUSED", f"ErrorInfo.reason is {info.reason!r}")


def scenario_not_found(channel, stubs, args):
    control = stubs.control(channel)
    error = expect_rpc_error(lambda: control.Cancel(stubs.pc.CancelRequest(name=args.run), timeout=CALL_TIMEOUT_S),
                             grpc.StatusCode.NOT_FOUND, "Cancel of an unknown run")
    status = rich_status(stubs, error)
    check(status.message == error.details(), f"google.rpc.Status.message {status.message!r} differs from grpc-message {error.details()!r}")
    info = detail(stubs, status, stubs.details.ErrorInfo)
    check(info.reason == "RUN_NOT_FOUND", f"ErrorInfo.reason is {info.reason!r}")
    check(info.domain == DOMAIN, f"ErrorInfo.domain is {info.domain!r}")
    check(info.metadata.get("provider") == "vertex-ai", f"ErrorInfo.metadata is {dict(info.metadata)!r}")
    check(info.metadata.get("run") == args.run, f"ErrorInfo.metadata is {dict(info.metadata)!r}")


def scenario_malformed_name(channel, stubs, args):
    control = stubs.control(channel)
    name = "projects/p/pipelineJobs/x"
    error = expect_rpc_error(lambda: control.Cancel(stubs.pc.CancelRequest(name=name), timeout=CALL_TIMEOUT_S),
                             grpc.StatusCode.INVALID_ARGUMENT, "Cancel of a malformed name")
    status = rich_status(stubs, error)
    info = detail(stubs, status, stubs.details.ErrorInfo)
    check(info.reason == "INVALID_RUN_NAME", f"ErrorInfo.reason is {info.reason!r}")
    check(info.domain == DOMAIN, f"ErrorInfo.domain is {info.domain!r}")
    bad_request = detail(stubs, status, stubs.details.BadRequest)
    fields = [v.field for v in bad_request.field_violations]
    check(fields == ["name"], f"BadRequest field violations are on {fields}, expected ['name']")
    check("pipelineJobs/{job}" in bad_request.field_violations[0].description,
          f"the violation does not say which form was expected: {bad_request.field_violations[0].description!r}")


def scenario_watch_until_shutdown(channel, stubs, args):
    """Watches a run whose cancel is under way until the gateway stops (SIGTERM from the test):
    the stream must end with UNAVAILABLE saying the server is shutting down."""
    control = stubs.control(channel)
    watching = False
    try:
        for snapshot in control.WatchRun(stubs.pc.WatchRunRequest(name=args.run), timeout=120.0):
            check(not snapshot.done, "the operation ended before the gateway was stopped")
            if not watching:
                watching = True
                print("WATCHING", flush=True)
    except grpc.RpcError as error:
        check(watching, f"the stream ended before its first snapshot: {error.code().name}")
        check(error.code() == grpc.StatusCode.UNAVAILABLE, f"expected UNAVAILABLE, got {error.code().name}: {error.details()!r}")
        check("shutting down" in (error.details() or ""), f"the status message does not say why: {error.details()!r}")
        return
    raise ScenarioFailure("the stream ended without a status from the stopping server")


SCENARIOS = {
    "watch_until_shutdown": scenario_watch_until_shutdown,
    "cancel_watch": scenario_cancel_watch,
    "idempotent_retry": scenario_idempotent_retry,
    "not_found": scenario_not_found,
    "malformed_name": scenario_malformed_name,
}


class Stubs:
    """The generated modules, imported only once --stubs is on sys.path."""

    def __init__(self, directory):
        sys.path.insert(0, directory)
        from cancelgateway.v1 import pipeline_control_pb2, pipeline_control_pb2_grpc
        from google.longrunning import operations_pb2, operations_pb2_grpc
        from google.rpc import error_details_pb2, status_pb2

        self.pc = pipeline_control_pb2
        self.lro = operations_pb2
        self.status = status_pb2
        self.details = error_details_pb2
        self.control = pipeline_control_pb2_grpc.PipelineControlStub
        self.operations = operations_pb2_grpc.OperationsStub


def run_scenarios(scenarios, label, description, add_arguments=None):
    """The command line every gateway client script shares: --target, --stubs, --scenario, --run,
    plus its own options; prints "PASS <label> <scenario>" or "FAIL ..." and returns the exit code."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True)
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--scenario", required=True, choices=sorted(scenarios))
    parser.add_argument("--run", default="")
    if add_arguments is not None:
        add_arguments(parser)
    args = parser.parse_args()

    stubs = Stubs(args.stubs)
    try:
        with grpc.insecure_channel(args.target) as channel:
            scenarios[args.scenario](channel, stubs, args)
    except ScenarioFailure as failure:
        print(f"FAIL {label} {args.scenario}: {failure}", file=sys.stderr)
        return 1
    except grpc.RpcError as error:
        print(f"FAIL {label} {args.scenario}: unexpected {error.code().name}: {error.details()!r}", file=sys.stderr)
        return 1
    print(f"PASS {label} {args.scenario}")
    return 0


if __name__ == "__main__":
    sys.exit(run_scenarios(SCENARIOS, "python", __doc__))
