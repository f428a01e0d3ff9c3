#!/usr/bin/env python3
"""A development identity provider for trying CancelGateway's bearer-token authentication.

Needs only python3 and the openssl CLI. Not for production: a real deployment takes its JWKS
(or OIDC discovery) and tokens from its identity provider.

    openssl genrsa -out idp.key 2048
    scripts/dev-jwt.py jwks  --key idp.key --kid dev-1 > jwks.json
    scripts/dev-jwt.py token --key idp.key --kid dev-1 --iss https://idp.example \\
        --aud cancelgateway --sub ci-bot [--ttl 3600]
"""
import argparse
import base64
import json
import re
import subprocess
import sys
import time


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def public_numbers(key):
    text = subprocess.run(["openssl", "rsa", "-in", key, "-noout", "-text"], check=True, capture_output=True, text=True).stdout
    modulus = subprocess.run(["openssl", "rsa", "-in", key, "-noout", "-modulus"], check=True, capture_output=True, text=True).stdout
    n = int(modulus.strip().split("=", 1)[1], 16)
    e = int(re.search(r"publicExponent: (\d+)", text).group(1))
    return n, e


def to_bytes(number):
    return number.to_bytes((number.bit_length() + 7) // 8, "big")


def jwks(args):
    n, e = public_numbers(args.key)
    json.dump({"keys": [{"kty": "RSA", "kid": args.kid, "use": "sig", "alg": "RS256", "n": b64url(to_bytes(n)), "e": b64url(to_bytes(e))}]}, sys.stdout, indent=2)
    print()


def token(args):
    now = int(time.time())
    header = {"alg": "RS256", "typ": "JWT", "kid": args.kid}
    payload = {"iss": args.iss, "aud": args.aud, "sub": args.sub, "iat": now, "nbf": now - 60, "exp": now + args.ttl}
    unsigned = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(payload).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", args.key], input=unsigned.encode(), check=True, capture_output=True).stdout
    print(unsigned + "." + b64url(signature))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("jwks", "token"):
        command = commands.add_parser(name)
        command.add_argument("--key", required=True, help="RSA private key (PEM)")
        command.add_argument("--kid", required=True, help="key id")
    commands.choices["token"].add_argument("--iss", required=True)
    commands.choices["token"].add_argument("--aud", required=True)
    commands.choices["token"].add_argument("--sub", required=True)
    commands.choices["token"].add_argument("--ttl", type=int, default=3600, help="seconds until it expires")
    args = parser.parse_args()
    (jwks if args.command == "jwks" else token)(args)


if __name__ == "__main__":
    main()
