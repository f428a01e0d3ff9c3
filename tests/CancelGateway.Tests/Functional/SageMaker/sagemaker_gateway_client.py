#!/usr/bin/python3
"""grpcio client of the CancelGateway for SageMaker executions, driven by SageMakerPythonClientTests.

    /usr/bin/python3 sagemaker_gateway_client.py --target 127.0.0.1:PORT --stubs DIR --scenario NAME
        [--run ARN] [--queue URL] [--step NAME] [--runs-file PATH] [--endpoint URL --region REGION]

Reuses the helpers of ../../python/gateway_client.py (rich status decoding, checks, the stubs).
Scenarios that answer a callback step do it as the step's own worker would, with botocore
(Debian's python3-botocore) against the SageMaker emulator at --endpoint, credentials from
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Exit code 0 with "PASS python-sagemaker <scenario>",
or 1 with a message on stderr. Callback tokens are never printed.
"""
import os
import sys
import time
import uuid

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import gateway_client as gc  # noqa: E402  (the shared helpers sit beside the other client)
from gateway_client import check, detail, expect_rpc_error, rich_status, state_name, unpack, wait_done  # noqa: E402

CALL_TIMEOUT_S = 15.0
WATCH_TIMEOUT_S = 60.0
BATCH_TIMEOUT_S = 100.0


def metadata_of(stubs, snapshot):
    return unpack(stubs, snapshot.metadata, stubs.pc.CancelOperationMetadata)


def cancel(stubs, control, run, mode=None, request_id=None):
    request = stubs.pc.CancelRequest(name=run, request_id=request_id or str(uuid.uuid4()), reason="python sagemaker")
    if mode is not None:
        request.mode = mode
    operation = control.Cancel(request, timeout=CALL_TIMEOUT_S)
    metadata = metadata_of(stubs, operation)
    check(metadata.provider == stubs.pc.PROVIDER_SAGEMAKER, f"metadata.provider is {metadata.provider}")
    check(metadata.run == run, f"metadata.run is {metadata.run!r}")
    return operation


def final_response(stubs, snapshots, operation):
    check(len(snapshots) >= 1, "WatchRun streamed nothing")
    check(all(s.name == operation.name for s in snapshots), "WatchRun streamed another operation")
    last = snapshots[-1]
    check(last.done, "the last snapshot WatchRun streamed is not done")
    check(last.WhichOneof("result") == "response", f"the done operation has {last.WhichOneof('result')!r}")
    return unpack(stubs, last.response, stubs.pc.CancelRunResponse)


def blockers_seen(stubs, snapshots):
    return [b for s in snapshots for b in metadata_of(stubs, s).blockers]


def sagemaker(args):
    import boto3
    from botocore.config import Config
    return boto3.client("sagemaker", endpoint_url=args.endpoint, region_name=args.region,
                        config=Config(retries={"total_max_attempts": 1}, connect_timeout=10, read_timeout=20))


def scenario_plain_cancelled(channel, stubs, args):
    control = stubs.control(channel)
    operation = cancel(stubs, control, args.run)
    snapshots = list(control.WatchRun(stubs.pc.WatchRunRequest(name=args.run), timeout=WATCH_TIMEOUT_S))
    response = final_response(stubs, snapshots, operation)
    check(response.final_state == stubs.pc.RUN_STATE_CANCELLED, f"final_state is {state_name(stubs, response.final_state)}")
    check(response.provider_state == "Stopped", f"provider_state is {response.provider_state!r}")
    check(response.provider == stubs.pc.PROVIDER_SAGEMAKER, "the response names another provider")
    check(not response.already_ended, "already_ended is true for an executing execution")
    states = [state_name(stubs, metadata_of(stubs, s).state) for s in snapshots]
    print(f"states seen: {states}")
    check("RUN_STATE_CANCELLING" in states, f"WatchRun never showed the execution Stopping: {states}")
    check(not blockers_seen(stubs, snapshots), "plain steps were reported as blockers")


def scenario_callback_held(channel, stubs, args):
    control = stubs.control(channel)
    operation = cancel(stubs, control, args.run)
    stream = control.WatchRun(stubs.pc.WatchRunRequest(name=args.run), timeout=WATCH_TIMEOUT_S)
    snapshots, answered = [], False
    for snapshot in stream:
        snapshots.append(snapshot)
        blockers = list(metadata_of(stubs, snapshot).blockers)
        if answered or not blockers:
            continue
        check(not snapshot.done, "the operation was done while a callback step held the stop")
        blocker = blockers[0]
        check(blocker.kind == stubs.pc.StopBlocker.KIND_CALLBACK_STEP, f"blocker kind {blocker.kind}")
        check(blocker.step_name == args.step, f"blocker step {blocker.step_name!r}")
        check(blocker.detail == args.queue, f"blocker detail {blocker.detail!r}, expected the queue URL")
        check(not blocker.forced and not blocker.not_forced_reason, "a graceful stop forced or refused to force the step")
        check(metadata_of(stubs, snapshot).state == stubs.pc.RUN_STATE_CANCELLING, "not CANCELLING while held")

        # The stop really waits: the operation is still pending after several polls.
        time.sleep(1.0)
        pending = control.GetOperation(stubs.pc.GetOperationRequest(name=operation.name), timeout=CALL_TIMEOUT_S)
        check(not pending.done, "the operation ended although the callback step was never answered")

        # The step's own worker answers, as it would after the "Stopping" SQS message.
        sm = sagemaker(args)
        steps = sm.list_pipeline_execution_steps(PipelineExecutionArn=args.run)["PipelineExecutionSteps"]
        token = [s for s in steps if s["StepName"] == args.step][0]["Metadata"]["Callback"]["CallbackToken"]
        sm.send_pipeline_execution_step_success(CallbackToken=token, OutputParameters=[{"Name": "cleanup", "Value": "done"}])
        answered = True
    check(answered, "WatchRun never showed the callback step that holds the stop")
    response = final_response(stubs, snapshots, operation)
    check(response.final_state == stubs.pc.RUN_STATE_CANCELLED, f"final_state is {state_name(stubs, response.final_state)}")


def scenario_callback_force(channel, stubs, args):
    control = stubs.control(channel)
    operation = cancel(stubs, control, args.run, mode=stubs.pc.CANCEL_MODE_FORCE)
    check(metadata_of(stubs, operation).mode == stubs.pc.CANCEL_MODE_FORCE, "metadata.mode is not FORCE")
    snapshots = list(control.WatchRun(stubs.pc.WatchRunRequest(name=args.run), timeout=WATCH_TIMEOUT_S))
    response = final_response(stubs, snapshots, operation)
    check(response.final_state == stubs.pc.RUN_STATE_CANCELLED, f"final_state is {state_name(stubs, response.final_state)}")
    forced = [b for b in blockers_seen(stubs, snapshots) if b.forced]
    check(forced, f"no snapshot said the callback step was forced: {blockers_seen(stubs, snapshots)}")
    check(all(b.kind == stubs.pc.StopBlocker.KIND_CALLBACK_STEP and b.step_name == args.step and b.detail == args.queue for b in forced),
          f"forced blockers {forced}")
    # The done operation keeps the record of what the gateway forced.
    kept = [b for b in metadata_of(stubs, snapshots[-1]).blockers if b.forced]
    check([b.step_name for b in kept] == [args.step], f"the done operation's forced steps are {kept}")


def scenario_lambda_finishes(channel, stubs, args):
    control = stubs.control(channel)
    operation = cancel(stubs, control, args.run)
    snapshots = list(control.WatchRun(stubs.pc.WatchRunRequest(name=args.run), timeout=WATCH_TIMEOUT_S))
    response = final_response(stubs, snapshots, operation)
    check(response.final_state == stubs.pc.RUN_STATE_CANCELLED, f"final_state is {state_name(stubs, response.final_state)}")
    lambdas = [b for b in blockers_seen(stubs, snapshots) if b.kind == stubs.pc.StopBlocker.KIND_LAMBDA_STEP]
    check(lambdas, "WatchRun never showed the Lambda step that holds the stop")
    check(all(b.step_name == args.step and b.detail.startswith("arn:aws:lambda:") for b in lambdas), f"Lambda blockers {lambdas}")
    check(all(not b.forced and "cannot be forced" in b.not_forced_reason for b in lambdas), "a Lambda step was forced, or without saying why not")


def scenario_lambda_timeout(channel, stubs, args):
    control = stubs.control(channel)
    operation = cancel(stubs, control, args.run)
    snapshots = list(control.WatchRun(stubs.pc.WatchRunRequest(name=args.run), timeout=WATCH_TIMEOUT_S))
    response = final_response(stubs, snapshots, operation)
    check(response.final_state == stubs.pc.RUN_STATE_FAILED, f"final_state is {state_name(stubs, response.final_state)}, expected FAILED")
    check(response.provider_state == "Failed", f"provider_state is {response.provider_state!r}")
    check("timed out" in response.message, f"the response does not say why: {response.message!r}")


def scenario_not_found(channel, stubs, args):
    control = stubs.control(channel)
    error = expect_rpc_error(lambda: control.Cancel(stubs.pc.CancelRequest(name=args.run), timeout=CALL_TIMEOUT_S),
                             grpc.StatusCode.NOT_FOUND, "Cancel of an unknown execution")
    info = detail(stubs, rich_status(stubs, error), stubs.details.ErrorInfo)
    check(info.reason == "RUN_NOT_FOUND", f"ErrorInfo.reason is {info.reason!r}")
    check(info.domain == gc.DOMAIN, f"ErrorInfo.domain is {info.domain!r}")
    metadata = dict(info.metadata)
    check(metadata.get("provider") == "sagemaker", f"ErrorInfo.metadata is {metadata!r}")
    check(metadata.get("run") == args.run, f"ErrorInfo.metadata is {metadata!r}")
    check(metadata.get("provider_code") == "ResourceNotFound", f"ErrorInfo.metadata is {metadata!r}")
    check(len(metadata.get("provider_request_id", "")) == 36, f"no AWS request id in {metadata!r}")
    check(metadata.get("provider_http_status") == "400", f"ErrorInfo.metadata is {metadata!r}")


def scenario_malformed_name(channel, stubs, args):
    control = stubs.control(channel)
    name = "arn:aws:sagemaker:us-east-1:1234:pipeline/p/execution/x"
    error = expect_rpc_error(lambda: control.Cancel(stubs.pc.CancelRequest(name=name), timeout=CALL_TIMEOUT_S),
                             grpc.StatusCode.INVALID_ARGUMENT, "Cancel of a malformed ARN")
    status = rich_status(stubs, error)
    info = detail(stubs, status, stubs.details.ErrorInfo)
    check(info.reason == "INVALID_RUN_NAME", f"ErrorInfo.reason is {info.reason!r}")
    bad_request = detail(stubs, status, stubs.details.BadRequest)
    fields = [v.field for v in bad_request.field_violations]
    check(fields == ["name"], f"BadRequest field violations are on {fields}")
    check("execution/{id}" in bad_request.field_violations[0].description,
          f"the violation does not say which form was expected: {bad_request.field_violations[0].description!r}")


def scenario_idempotent_retry(channel, stubs, args):
    control = stubs.control(channel)
    request_id = str(uuid.uuid4())
    first = cancel(stubs, control, args.run, request_id=request_id)
    retry = cancel(stubs, control, args.run, request_id=request_id)
    check(retry.name == first.name, f"the retry got {retry.name}, the first call {first.name}")
    done = wait_done(stubs, channel, first.name, WATCH_TIMEOUT_S)
    response = unpack(stubs, done.response, stubs.pc.CancelRunResponse)
    check(response.final_state == stubs.pc.RUN_STATE_CANCELLED, f"final_state is {state_name(stubs, response.final_state)}")
    late = cancel(stubs, control, args.run, request_id=request_id)
    check(late.name == first.name and late.done, "a retry after the end did not return the done operation")


def scenario_batch_throttled(channel, stubs, args):
    control = stubs.control(channel)
    with open(args.runs_file, encoding="utf-8") as runs:
        names = [line.strip() for line in runs if line.strip()]
    batch = control.BatchCancel(stubs.pc.BatchCancelRequest(names=names, request_id=str(uuid.uuid4()), reason="python batch"),
                                timeout=CALL_TIMEOUT_S)
    done = wait_done(stubs, channel, batch.name, BATCH_TIMEOUT_S)
    check(done.WhichOneof("result") == "response", f"the batch ended with {done.WhichOneof('result')!r}: {done.error}")
    response = unpack(stubs, done.response, stubs.pc.BatchCancelResponse)
    failures = {i: (s.code, s.message) for i, s in response.failed_requests.items()}
    check(not failures, f"{len(failures)} runs failed, e.g. {list(failures.items())[:3]}")
    check(len(response.results) == len(names), f"{len(response.results)} results for {len(names)} runs")
    wrong = [r.run for r in response.results if r.final_state != stubs.pc.RUN_STATE_CANCELLED]
    check(not wrong, f"{len(wrong)} runs did not end CANCELLED, e.g. {wrong[:3]}")
    check([r.run for r in response.results] == names, "the results are not in request order")
    print(f"{len(names)} executions cancelled")


SCENARIOS = {
    "plain_cancelled": scenario_plain_cancelled,
    "callback_held": scenario_callback_held,
    "callback_force": scenario_callback_force,
    "lambda_finishes": scenario_lambda_finishes,
    "lambda_timeout": scenario_lambda_timeout,
    "not_found": scenario_not_found,
    "malformed_name": scenario_malformed_name,
    "idempotent_retry": scenario_idempotent_retry,
    "batch_throttled": scenario_batch_throttled,
}


def add_arguments(parser):
    parser.add_argument("--step", default="")
    parser.add_argument("--queue", default="")
    parser.add_argument("--runs-file", default="")
    parser.add_argument("--endpoint", default="")
    parser.add_argument("--region", default="us-east-1")


if __name__ == "__main__":
    sys.exit(gc.run_scenarios(SCENARIOS, "python-sagemaker", __doc__, add_arguments))
