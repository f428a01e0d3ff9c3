#!/usr/bin/python3
"""botocore (Debian's python3-botocore, an AWS SDK nobody here wrote) against the SageMaker emulator.

    /usr/bin/python3 botocore_fidelity.py --endpoint URL --region REGION --prefix ARN_PREFIX --scenario NAME

Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as for any AWS SDK, so no secret
is on the command line. Retries are off: every error the emulator sends must reach the scenario.
Executions are seeded by the test (BotocoreFidelityTests); each scenario asserts what botocore
sees and prints "PASS botocore <scenario>", or exits 1 with a message on stderr.
"""
import argparse
import datetime
import os
import sys

import boto3
import botocore
from botocore.config import Config


class ScenarioFailure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise ScenarioFailure(message)


def client(args, secret=None, key=None):
    return boto3.client(
        "sagemaker",
        endpoint_url=args.endpoint,
        region_name=args.region,
        aws_access_key_id=key or os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=secret or os.environ["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"total_max_attempts": 1}, connect_timeout=10, read_timeout=20),
    )


def expect_error(call, code, status, what):
    try:
        call()
    except botocore.exceptions.ClientError as error:
        got = error.response["Error"]["Code"]
        check(got == code, f"{what}: expected {code}, got {got}: {error.response['Error'].get('Message')!r}")
        check(error.response["ResponseMetadata"]["HTTPStatusCode"] == status,
              f"{what}: expected HTTP {status}, got {error.response['ResponseMetadata']['HTTPStatusCode']}")
        check(error.response["ResponseMetadata"].get("RequestId"), f"{what}: the error has no request id")
        return error
    raise ScenarioFailure(f"{what}: expected {code}, but the call succeeded")


def callback_token(sm, arn, step):
    for s in sm.list_pipeline_execution_steps(PipelineExecutionArn=arn)["PipelineExecutionSteps"]:
        if s["StepName"] == step:
            return s["Metadata"]["Callback"]["CallbackToken"]
    raise ScenarioFailure(f"no step {step} in {arn}")


def scenario_main(args):
    sm = client(args)
    plain = args.prefix + "plain1"

    # Stop, with botocore generating the idempotency token itself, then with one of ours twice.
    stopped = sm.stop_pipeline_execution(PipelineExecutionArn=plain)
    check(stopped["PipelineExecutionArn"] == plain, f"stop answered {stopped!r}")
    check(stopped["ResponseMetadata"]["RequestId"], "no x-amzn-RequestId on the stop")
    described = sm.describe_pipeline_execution(PipelineExecutionArn=plain)
    check(described["PipelineExecutionStatus"] == "Stopped", f"plain1 is {described['PipelineExecutionStatus']}")
    check(isinstance(described["CreationTime"], datetime.datetime), "CreationTime is not parsed as a timestamp")
    check(isinstance(described["LastModifiedTime"], datetime.datetime), "LastModifiedTime is not parsed as a timestamp")
    check(described["PipelineArn"] + "/execution/plain1" == plain, f"PipelineArn is {described['PipelineArn']}")

    # A callback step holds the stop until its token is answered.
    held = args.prefix + "callback1"
    token = "gateway-test-token-0123456789abcdef"
    sm.stop_pipeline_execution(PipelineExecutionArn=held, ClientRequestToken=token)
    again = sm.stop_pipeline_execution(PipelineExecutionArn=held, ClientRequestToken=token)
    check(again["PipelineExecutionArn"] == held, "the repeated stop did not answer the same")
    check(sm.describe_pipeline_execution(PipelineExecutionArn=held)["PipelineExecutionStatus"] == "Stopping",
          "callback1 is not Stopping while its callback step waits")
    steps = sm.list_pipeline_execution_steps(PipelineExecutionArn=held)["PipelineExecutionSteps"]
    approve = [s for s in steps if s["StepName"] == "approve"][0]
    check(approve["StepStatus"] == "Executing", f"approve is {approve['StepStatus']}")
    check(approve["Metadata"]["Callback"]["SqsQueueUrl"].startswith("https://sqs."), "no SQS queue URL")
    check(isinstance(approve["StartTime"], datetime.datetime), "StartTime is not parsed as a timestamp")
    answered = sm.send_pipeline_execution_step_success(
        CallbackToken=approve["Metadata"]["Callback"]["CallbackToken"], OutputParameters=[{"Name": "approved", "Value": "yes"}])
    check(answered["PipelineExecutionArn"] == held, f"step success answered {answered!r}")
    check(sm.describe_pipeline_execution(PipelineExecutionArn=held)["PipelineExecutionStatus"] == "Stopped",
          "callback1 did not stop once its step was answered")

    # Failure answers too; a second answer is a conflict.
    failing = args.prefix + "callback2"
    sm.stop_pipeline_execution(PipelineExecutionArn=failing)
    token2 = callback_token(sm, failing, "approve")
    sm.send_pipeline_execution_step_failure(CallbackToken=token2, FailureReason="stopped by the fidelity test")
    check(sm.describe_pipeline_execution(PipelineExecutionArn=failing)["PipelineExecutionStatus"] == "Stopped",
          "callback2 did not stop once its step was failed")
    expect_error(lambda: sm.send_pipeline_execution_step_failure(CallbackToken=token2, FailureReason="again"),
                 "ConflictException", 400, "a second answer")

    # Paging, by hand and with botocore's paginator.
    paged = args.prefix + "paged1"
    names, next_token, pages = [], None, 0
    while True:
        kwargs = {"PipelineExecutionArn": paged, "MaxResults": 10, "SortOrder": "Ascending"}
        if next_token:
            kwargs["NextToken"] = next_token
        page = sm.list_pipeline_execution_steps(**kwargs)
        names += [s["StepName"] for s in page["PipelineExecutionSteps"]]
        pages += 1
        next_token = page.get("NextToken")
        if not next_token:
            break
    check(pages == 3, f"25 steps came in {pages} pages of 10")
    check(names == [f"step-{i:02}" for i in range(25)], f"steps out of order: {names}")
    paginated = [s["StepName"] for p in sm.get_paginator("list_pipeline_execution_steps").paginate(PipelineExecutionArn=paged)
                 for s in p["PipelineExecutionSteps"]]
    check(sorted(paginated) == names, f"the paginator saw {len(paginated)} steps")

    # The documented errors, as botocore models them.
    try:
        sm.describe_pipeline_execution(PipelineExecutionArn=args.prefix + "missing1")
        raise ScenarioFailure("an unknown execution was described")
    except sm.exceptions.ResourceNotFound as error:
        check(error.response["ResponseMetadata"]["HTTPStatusCode"] == 400, "ResourceNotFound is not HTTP 400")
    error = expect_error(lambda: sm.stop_pipeline_execution(PipelineExecutionArn=args.prefix + "succeeded1"),
                         "ConflictException", 400, "stopping an ended execution")
    check("Succeeded" in error.response["Error"]["Message"], f"the refusal does not name the status: {error}")
    expect_error(lambda: sm.send_pipeline_execution_step_success(CallbackToken="AbCdE12345"),
                 "ResourceNotFound", 400, "an unknown callback token")

    # Credentials: a wrong secret breaks the signature; an unknown key is not recognized.
    bad = client(args, secret="x" * 40)
    error = expect_error(lambda: bad.describe_pipeline_execution(PipelineExecutionArn=plain),
                         "InvalidSignatureException", 403, "a wrong secret")
    check("signature we calculated does not match" in error.response["Error"]["Message"], f"message {error}")
    stranger = client(args, key="AKIAUNKNOWNKEY000000")
    expect_error(lambda: stranger.describe_pipeline_execution(PipelineExecutionArn=plain),
                 "UnrecognizedClientException", 403, "an unknown access key")


def scenario_throttle(args):
    sm = client(args)
    arn = args.prefix + "plain1"
    for _ in range(2):
        sm.describe_pipeline_execution(PipelineExecutionArn=arn)
    expect_error(lambda: sm.describe_pipeline_execution(PipelineExecutionArn=arn), "ThrottlingException", 400, "over the rate limit")


def scenario_skewed_clock(args):
    sm = client(args)
    error = expect_error(lambda: sm.describe_pipeline_execution(PipelineExecutionArn=args.prefix + "plain1"),
                         "InvalidSignatureException", 403, "a request 10 minutes behind the server's clock")
    check(error.response["Error"]["Message"].startswith("Signature expired: "), f"message {error.response['Error']['Message']!r}")


SCENARIOS = {"main": scenario_main, "throttle": scenario_throttle, "skewed_clock": scenario_skewed_clock}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--region", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    args = parser.parse_args()
    try:
        SCENARIOS[args.scenario](args)
    except ScenarioFailure as failure:
        print(f"FAIL botocore {args.scenario}: {failure}", file=sys.stderr)
        return 1
    except botocore.exceptions.ClientError as error:
        print(f"FAIL botocore {args.scenario}: unexpected {error.response['Error']}", file=sys.stderr)
        return 1
    print(f"PASS botocore {args.scenario} (botocore {botocore.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
