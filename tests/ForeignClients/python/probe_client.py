#!/usr/bin/python3
"""grpcio client for probe.v1.ProbeService, driven by the functional tests.

    /usr/bin/python3 probe_client.py --target 127.0.0.1:PORT --stubs DIR --scenario NAME [--sleep-id ID]

DIR holds the stubs protoc generated from probe/v1/probe.proto and google/rpc/*.proto.
Each scenario asserts what a grpcio caller observes; the exit code is 0 on success and 1
with a message on stderr otherwise. Debian's grpcio has no grpc_status module, so the
rich error details are decoded here from the raw grpc-status-details-bin trailer.
"""
import argparse
import sys
import time

import grpc

# Every call is bounded so that a hung server fails the scenario instead of the test run.
CALL_TIMEOUT_S = 10.0


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


def scenario_unary(channel, stubs, args):
    response = stubs.stub(channel).Echo(stubs.probe.EchoRequest(text="hello"), timeout=CALL_TIMEOUT_S)
    check(response.text == "hello", f"Echo returned {response.text!r}, expected 'hello'")


def scenario_server_streaming(channel, stubs, args):
    call = stubs.stub(channel).Count(stubs.probe.CountRequest(count=5), timeout=CALL_TIMEOUT_S)
    indexes = [message.index for message in call]
    check(indexes == [0, 1, 2, 3, 4], f"Count streamed {indexes}, expected [0, 1, 2, 3, 4]")
    check(call.code() == grpc.StatusCode.OK, f"Count ended with {call.code()}, expected OK")


def warm_up(channel, stubs):
    # Connect first, so that the short deadline and the cancel delay are spent on the call
    # itself rather than on connection setup (which would leave the server without a call to see).
    stubs.stub(channel).Echo(stubs.probe.EchoRequest(text="warm-up"), timeout=CALL_TIMEOUT_S)


def scenario_deadline(channel, stubs, args):
    warm_up(channel, stubs)
    # 1 s: long enough for the call to reach the handler on a busy machine, so its token has to fire.
    request = stubs.probe.SleepRequest(duration_ms=30000, sleep_id=args.sleep_id)
    started = time.monotonic()
    expect_rpc_error(lambda: stubs.stub(channel).Sleep(request, timeout=1.0),
                     grpc.StatusCode.DEADLINE_EXCEEDED, "Sleep with a 1 s deadline")
    elapsed = time.monotonic() - started
    check(elapsed < 8.0, f"the deadline fired after {elapsed:.1f} s, expected about 1 s")


def wait_until_running(channel, stubs, sleep_id):
    """Polls the server until the Sleep handler runs, so the cancellation has a handler to reach."""
    request = stubs.probe.GetSleepOutcomeRequest(sleep_id=sleep_id)
    give_up = time.monotonic() + CALL_TIMEOUT_S
    while time.monotonic() < give_up:
        outcome = stubs.stub(channel).GetSleepOutcome(request, timeout=CALL_TIMEOUT_S).outcome
        if outcome == stubs.probe.GetSleepOutcomeResponse.OUTCOME_RUNNING:
            return
        check(outcome == stubs.probe.GetSleepOutcomeResponse.OUTCOME_UNSPECIFIED,
              f"the Sleep call ended before it was cancelled (outcome {outcome})")
        time.sleep(0.01)
    raise ScenarioFailure(f"the server never reported the Sleep handler running within {CALL_TIMEOUT_S} s")


def scenario_cancel(channel, stubs, args):
    warm_up(channel, stubs)
    request = stubs.probe.SleepRequest(duration_ms=60000, sleep_id=args.sleep_id)
    future = stubs.stub(channel).Sleep.future(request, timeout=CALL_TIMEOUT_S)
    wait_until_running(channel, stubs, args.sleep_id)
    check(future.cancel(), "the Sleep call could not be cancelled: it had already ended")
    check(future.cancelled(), "the Sleep future does not report itself cancelled")
    try:
        future.result(timeout=CALL_TIMEOUT_S)
        raise ScenarioFailure("the cancelled Sleep call returned a result")
    except grpc.FutureCancelledError:
        pass
    check(future.code() == grpc.StatusCode.CANCELLED, f"the cancelled call reports {future.code()}, expected CANCELLED")


def scenario_metadata(channel, stubs, args):
    binary = bytes([0x00, 0x01, 0xFE, 0xFF])
    _, call = stubs.stub(channel).Echo.with_call(
        stubs.probe.EchoRequest(text="meta"),
        metadata=(("x-probe-echo", "abc"), ("x-probe-echo-bin", binary)),
        timeout=CALL_TIMEOUT_S)
    headers = list(call.initial_metadata())
    trailers = list(call.trailing_metadata())
    echoed = [value for key, value in headers if key == "x-probe-echo"]
    check(echoed == ["abc"], f"response headers carry x-probe-echo {echoed!r}, expected ['abc'] (headers: {headers!r})")
    echoed_bin = [value for key, value in trailers if key == "x-probe-echo-bin"]
    check(echoed_bin == [binary], f"trailers carry x-probe-echo-bin {echoed_bin!r}, expected [{binary!r}] (trailers: {trailers!r})")


def scenario_error_details(channel, stubs, args):
    message = "precondition \u00fc failed"
    request = stubs.probe.FailRequest(code=9, message=message, reason="PROBE_REASON", field="run_name")
    error = expect_rpc_error(lambda: stubs.stub(channel).Fail(request, timeout=CALL_TIMEOUT_S),
                             grpc.StatusCode.FAILED_PRECONDITION, "Fail")
    check(error.details() == message, f"status message is {error.details()!r}, expected {message!r}")

    raw = [value for key, value in error.trailing_metadata() if key == "grpc-status-details-bin"]
    check(len(raw) == 1, f"expected one grpc-status-details-bin trailer, got {len(raw)}")
    status = stubs.status.Status.FromString(raw[0])
    check(status.code == 9, f"google.rpc.Status.code is {status.code}, expected 9")
    check(status.message == message, f"google.rpc.Status.message is {status.message!r}, expected {message!r}")

    error_info = None
    bad_request = None
    for detail in status.details:
        if detail.Is(stubs.details.ErrorInfo.DESCRIPTOR):
            error_info = stubs.details.ErrorInfo()
            detail.Unpack(error_info)
        elif detail.Is(stubs.details.BadRequest.DESCRIPTOR):
            bad_request = stubs.details.BadRequest()
            detail.Unpack(bad_request)
    type_urls = [detail.type_url for detail in status.details]
    check(error_info is not None, f"no google.rpc.ErrorInfo among the details {type_urls}")
    check(error_info.reason == "PROBE_REASON", f"ErrorInfo.reason is {error_info.reason!r}")
    check(error_info.domain == "probe.test", f"ErrorInfo.domain is {error_info.domain!r}")
    check(dict(error_info.metadata) == {"field": "run_name"}, f"ErrorInfo.metadata is {dict(error_info.metadata)!r}")
    check(bad_request is not None, f"no google.rpc.BadRequest among the details {type_urls}")
    check(len(bad_request.field_violations) >= 1 and bad_request.field_violations[0].field == "run_name",
          f"BadRequest.field_violations is {list(bad_request.field_violations)!r}")


def scenario_unknown_method(channel, stubs, args):
    for method in ("/probe.v1.ProbeService/NoSuchMethod", "/probe.v1.NoSuchService/Echo"):
        # Raw bytes in and out: the point is that the server rejects the path, whatever the payload.
        call = channel.unary_unary(method)
        expect_rpc_error(lambda: call(b"", timeout=CALL_TIMEOUT_S), grpc.StatusCode.UNIMPLEMENTED, method)


SCENARIOS = {
    "unary": scenario_unary,
    "server_streaming": scenario_server_streaming,
    "deadline": scenario_deadline,
    "cancel": scenario_cancel,
    "metadata": scenario_metadata,
    "error_details": scenario_error_details,
    "unknown_method": scenario_unknown_method,
}


class Stubs:
    """The generated modules, imported only once --stubs is on sys.path."""

    def __init__(self, directory):
        sys.path.insert(0, directory)
        from google.rpc import error_details_pb2, status_pb2
        from probe.v1 import probe_pb2, probe_pb2_grpc

        self.probe = probe_pb2
        self.status = status_pb2
        self.details = error_details_pb2
        self.stub = probe_pb2_grpc.ProbeServiceStub


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True)
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    parser.add_argument("--sleep-id", default="python-sleep")
    args = parser.parse_args()

    stubs = Stubs(args.stubs)
    try:
        with grpc.insecure_channel(args.target) as channel:
            SCENARIOS[args.scenario](channel, stubs, args)
    except ScenarioFailure as failure:
        print(f"FAIL python {args.scenario}: {failure}", file=sys.stderr)
        return 1
    except grpc.RpcError as error:
        print(f"FAIL python {args.scenario}: unexpected {error.code().name}: {error.details()!r}", file=sys.stderr)
        return 1
    print(f"PASS python {args.scenario}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
