#!/usr/bin/python3
"""grpcio client of the CancelGateway over TLS, driven by the security tests (ForeignSecureClientTests).

    /usr/bin/python3 secure_client.py --target 127.0.0.1:PORT --stubs DIR --ca CA.pem
        [--cert C.pem --key K.pem] [--token JWT] --run RUN --expect CODE

The channel is grpc.ssl_channel_credentials (the test CA as the root, the client certificate
when given) composed with grpc.access_token_call_credentials (the bearer token when given),
as a service calling the gateway would build it. Cancels RUN and prints
"PASS python <CODE> <requested_by>" when the call ended with the expected status code.
"""
import argparse
import sys

import grpc

CALL_TIMEOUT_S = 15.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--token")
    parser.add_argument("--run", required=True)
    parser.add_argument("--expect", required=True)
    args = parser.parse_args()
    sys.path.insert(0, args.stubs)
    from cancelgateway.v1 import pipeline_control_pb2, pipeline_control_pb2_grpc

    def read(path):
        with open(path, "rb") as f:
            return f.read()

    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(args.ca),
        private_key=read(args.key) if args.key else None,
        certificate_chain=read(args.cert) if args.cert else None)
    if args.token:
        credentials = grpc.composite_channel_credentials(credentials, grpc.access_token_call_credentials(args.token))

    with grpc.secure_channel(args.target, credentials) as channel:
        control = pipeline_control_pb2_grpc.PipelineControlStub(channel)
        try:
            operation = control.Cancel(pipeline_control_pb2.CancelRequest(name=args.run), timeout=CALL_TIMEOUT_S)
            code, requested_by = "OK", ""
            metadata = pipeline_control_pb2.CancelOperationMetadata()
            operation.metadata.Unpack(metadata)
            requested_by = metadata.requested_by
        except grpc.RpcError as error:
            code, requested_by = error.code().name, error.details()

    if code != args.expect:
        print(f"FAIL python: expected {args.expect}, got {code}: {requested_by}", file=sys.stderr)
        return 1
    print(f"PASS python {code} {requested_by}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
