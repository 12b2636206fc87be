#!/usr/bin/env python3
"""boto3/botocore doing what the C++ benchmarks do, so scripts/bench can give ratios from one run.

Each part runs 3 times; the best repetition is reported (least CPU per call, most calls per
second), as scripts/bench does for the C++ side.

  e2e    boto3's GetMLModel (verbose) against the same awsml-local emulator, one call at a time
         on boto3's keep-alive connection: calls per second, and this thread's CPU per call;
  parse  botocore's JSON protocol parser on the same verbose response body (the README sample);
  sign   botocore's SigV4Auth signing the same GetMLModel request.

Prints one JSON object. Nothing here leaves the machine: the endpoint is the local emulator.
"""
import argparse
import json
import sys
import time

import boto3
import botocore
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.parsers import create_parser

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
MODEL_ID = "ml-tGvRzy5Dr8Q"


REPETITIONS = 3


def timed(work, seconds):
    """Runs work() in batches for about `seconds`, REPETITIONS times; returns the best
    repetition's (calls, wall seconds) and the least thread CPU per call of any repetition, as
    the C++ side reports the least disturbed of its repetitions too."""
    best, least_cpu = None, None
    for _ in range(REPETITIONS):
        calls, start, cpu_start = 0, time.perf_counter(), time.thread_time()
        while time.perf_counter() - start < seconds:
            for _ in range(16):
                work()
            calls += 16
        wall, cpu = time.perf_counter() - start, time.thread_time() - cpu_start
        if best is None or calls / wall > best[0] / best[1]:
            best = (calls, wall)
        least_cpu = cpu / calls if least_cpu is None else min(least_cpu, cpu / calls)
    return best[0], best[1], least_cpu


def end_to_end(endpoint, seconds):
    client = boto3.client(
        "machinelearning",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"mode": "standard"}),
    )

    def call():
        answer = client.get_ml_model(MLModelId=MODEL_ID, Verbose=True)
        if answer["MLModelId"] != MODEL_ID:
            sys.exit("boto3_bench: unexpected answer")

    for _ in range(20):  # connect, load the service model, warm the caches
        call()
    calls, wall, cpu = timed(call, seconds)
    return {"calls": calls, "calls_per_s": calls / wall, "cpu_us_per_call": cpu * 1e6}


def parse(body, seconds):
    session = botocore.session.get_session()
    shape = session.get_service_model("machinelearning").operation_model("GetMLModel").output_shape
    parser = create_parser("json")
    response = {"status_code": 200, "headers": {"x-amzn-requestid": "b1c3-example"}, "body": body}
    parsed = parser.parse(response, shape)
    if parsed.get("MLModelId") is None:
        sys.exit("boto3_bench: botocore's parser returned no MLModelId")
    calls, wall, cpu = timed(lambda: parser.parse(response, shape), seconds)
    return {"docs": calls, "us_per_doc": cpu * 1e6, "bytes": len(body)}


def sign(seconds):
    auth = SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "machinelearning", "us-east-1")
    request = AWSRequest(
        method="POST",
        url="https://machinelearning.us-east-1.amazonaws.com/",
        data=json.dumps({"MLModelId": MODEL_ID, "Verbose": True}, separators=(",", ":")).encode(),
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AmazonML_20141212.GetMLModel",
            "User-Agent": "Boto3/" + boto3.__version__,
            "amz-sdk-invocation-id": "5f3b0a8e-2c41-4d1e-9a57-0c8e4b7f9d21",
            "amz-sdk-request": "attempt=1; max=3",
        },
    )
    # add_auth replaces X-Amz-Date and Authorization, so the same request is signed again each time.
    calls, wall, cpu = timed(lambda: auth.add_auth(request), seconds)
    return {"signs": calls, "us_per_sign": cpu * 1e6}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--endpoint", help="the emulator's URL; without it the e2e part is skipped")
    ap.add_argument("--body", required=True, help="a verbose GetMLModel response body (JSON file)")
    ap.add_argument("--seconds", type=float, default=2.0, help="how long each repetition runs")
    args = ap.parse_args()
    with open(args.body, "rb") as f:
        body = f.read()
    out = {"boto3": boto3.__version__, "botocore": botocore.__version__, "python": sys.version.split()[0]}
    out["parse"] = parse(body, args.seconds)
    out["sign"] = sign(args.seconds)
    if args.endpoint:
        out["e2e"] = end_to_end(args.endpoint, args.seconds)
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
