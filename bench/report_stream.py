"""`decode-bot report` on a synthetic trail against the floor of reading it: throughput and peak memory.

The trail: CloudTrail log files (.json.gz, about 4 MB of JSON each, laid out as CloudTrail writes them in S3),
mostly successful calls, 1% denials from 50 causes (each a role or user denied one action, with the plain-text
message and a different session and resource each time). The floor: a process that opens each file, gunzips and
json.loads it, and counts its records. Both run as fresh processes; peak memory is each process's own maximum
resident set (os.wait4). Run at two sizes, memory should not grow with the trail.

Run: python bench/report_stream.py [--megabytes 1024 256]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACCOUNT = "111122223333"
FILE_BYTES = 4 << 20
FLOOR = """
import gzip, json, sys
from pathlib import Path
count = 0
for path in sorted(Path(sys.argv[1]).rglob("*.json.gz")):
    with gzip.open(path, "rb") as handle:
        count += len(json.load(handle)["Records"])
print(count)
"""
ACTIONS = [("ec2", "RunInstances"), ("s3", "GetObject"), ("ssm", "GetParameter"), ("kms", "Decrypt"),
           ("logs", "PutLogEvents"), ("dynamodb", "PutItem"), ("sqs", "SendMessage"), ("lambda", "InvokeFunction"),
           ("secretsmanager", "GetSecretValue"), ("sts", "AssumeRole")]


def record(rng: random.Random, index: int, denied: bool) -> dict[str, object]:
    cause = rng.randrange(50)
    service, name = ACTIONS[cause % len(ACTIONS)] if denied else ACTIONS[rng.randrange(len(ACTIONS))]
    role = f"team-{cause // 10}-deployer" if denied else f"app-{rng.randrange(200)}"
    session = f"session-{rng.randrange(10**9)}"
    arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}"
    entry: dict[str, object] = {
        "eventVersion": "1.09",
        "userIdentity": {"type": "AssumedRole", "principalId": f"AROAEXAMPLE:{session}", "arn": arn,
                         "accountId": ACCOUNT, "accessKeyId": "ASIAEXAMPLE",
                         "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE",
                                                              "arn": f"arn:aws:iam::{ACCOUNT}:role/{role}",
                                                              "accountId": ACCOUNT, "userName": role},
                                            "attributes": {"creationDate": "2026-12-01T00:00:00Z",
                                                           "mfaAuthenticated": "false"}}},
        "eventTime": f"2026-12-01T{index // 36000 % 24:02d}:{index // 600 % 60:02d}:{index // 10 % 60:02d}Z",
        "eventSource": f"{service}.amazonaws.com", "eventName": name, "awsRegion": "us-east-1",
        "sourceIPAddress": f"10.0.{rng.randrange(256)}.{rng.randrange(256)}", "userAgent": "aws-sdk-go-v2/1.30.0",
        "requestParameters": {"resource": f"item-{rng.randrange(10**6)}"}, "responseElements": None,
        "requestID": f"{rng.getrandbits(64):016x}", "eventID": f"{rng.getrandbits(128):032x}",
        "readOnly": False, "eventType": "AwsApiCall", "managementEvent": True, "recipientAccountId": ACCOUNT,
        "eventCategory": "Management",
    }
    if denied:
        resource = f"arn:aws:{service}:us-east-1:{ACCOUNT}:thing/item-{rng.randrange(1000)}"
        entry.update(errorCode="AccessDenied", errorMessage=(
            f"User: {arn} is not authorized to perform: {service}:{name} on resource: {resource} because no "
            f"identity-based policy allows the {service}:{name} action"))
    return entry


def generate(folder: Path, megabytes: int) -> int:
    rng = random.Random(26)
    day = folder / "AWSLogs" / ACCOUNT / "CloudTrail" / "us-east-1" / "2026" / "12" / "01"
    day.mkdir(parents=True)
    written = index = files = 0
    while written < megabytes << 20:
        records, size = [], 0
        while size < FILE_BYTES:
            entry = record(rng, index, rng.random() < 0.01)
            size += len(json.dumps(entry)) + 1
            records.append(entry)
            index += 1
        body = json.dumps({"Records": records}, separators=(",", ":")).encode()
        (day / f"{ACCOUNT}_CloudTrail_us-east-1_{files:06d}.json.gz").write_bytes(gzip.compress(body, 6))
        written += len(body)
        files += 1
    return index


def measured(command: list[str]) -> tuple[float, float]:
    """(seconds, peak resident MB) of one fresh process."""
    begun = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - begun
    if status != 0:
        raise SystemExit(f"{command[:4]} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, nargs="+", default=[1024, 256])
    args = parser.parse_args()
    for megabytes in args.megabytes:
        with tempfile.TemporaryDirectory(prefix="trail-") as folder:
            records = generate(Path(folder), megabytes)
            floor_s, floor_mb = measured([sys.executable, "-c", FLOOR, folder])
            report_s, report_mb = measured([sys.executable, "-m", "bot", "report", "--format", "json", folder])
            print(f"{megabytes} MB of JSON ({records:,} records, 1% denials, 50 causes): floor {floor_s:.1f} s "
                  f"({records / floor_s:,.0f} records/s, {floor_mb:.0f} MB peak); report {report_s:.1f} s "
                  f"({records / report_s:,.0f} records/s, {report_mb:.0f} MB peak); report / floor = "
                  f"{report_s / floor_s:.2f}")


if __name__ == "__main__":
    main()
