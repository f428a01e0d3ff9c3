#!/usr/bin/python3
"""An independent reference of Huawei Cloud's SDK-HMAC-SHA256 request signature, for the tests.

    /usr/bin/python3 sdk_hmac_reference.py '<case JSON>'     (or the case on stdin)

case.json: {"method", "url", "headers": {name: value}, "body_b64", "ak", "sk"}; the headers
include X-Sdk-Date and Host. Prints one JSON object: canonical_request, string_to_sign,
signed_headers, signature, authorization. Written from the public algorithm description with
only the standard library (urllib, hashlib, hmac), sharing no code with the C# signer, so the
tests compare two implementations rather than one with itself.
"""
import base64
import hashlib
import hmac
import json
import sys
from urllib.parse import quote, unquote, urlsplit

ALGORITHM = "SDK-HMAC-SHA256"


def encode(text):
    # RFC 3986: only A-Z a-z 0-9 - _ . ~ stay (quote() never escapes letters, digits and "_.-",
    # and "~" is listed as safe); every other UTF-8 byte becomes %XY in upper case.
    return quote(text, safe="-_.~")


def canonical_uri(path):
    segments = [encode(unquote(segment)) for segment in path.split("/")]
    result = "/".join(segments)
    return result if result.endswith("/") else result + "/"


def canonical_query(query):
    pairs = []
    for part in query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((encode(unquote(name)), encode(unquote(value))))
    pairs.sort()
    return "&".join(f"{name}={value}" for name, value in pairs)


def sign(case):
    url = urlsplit(case["url"])
    headers = {}
    for name, value in case["headers"].items():
        key = name.strip().lower()
        if key in ("content-type", "authorization"):
            continue
        headers[key] = value.strip()
    signed = sorted(headers)
    canonical_headers = "".join(f"{name}:{headers[name]}\n" for name in signed)
    signed_headers = ";".join(signed)
    body = base64.b64decode(case.get("body_b64", ""))
    canonical_request = "\n".join([
        case["method"].upper(),
        canonical_uri(url.path or "/"),
        canonical_query(url.query),
        canonical_headers,
        signed_headers,
        hashlib.sha256(body).hexdigest(),
    ])
    string_to_sign = "\n".join([
        ALGORITHM,
        headers["x-sdk-date"],
        hashlib.sha256(canonical_request.encode("utf-8")).hexdigest(),
    ])
    signature = hmac.new(case["sk"].encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return {
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
        "signed_headers": signed_headers,
        "signature": signature,
        "authorization": f"{ALGORITHM} Access={case['ak']}, SignedHeaders={signed_headers}, Signature={signature}",
    }


if __name__ == "__main__":
    print(json.dumps(sign(json.loads(sys.argv[1]) if len(sys.argv) > 1 else json.load(sys.stdin))))
