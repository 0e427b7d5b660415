"""Memory per account: the peak RSS of one process that tries an undecodable token in N accounts (each account's
role assumed against the fake STS on loopback), for several N. Each N runs in a fresh process.

Run: python bench/accounts_memory.py [10 60 200]
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def child(count: int) -> None:
    from bot.aws.lookups import AwsLookups
    from bot.settings import Settings
    from tests.builders import make_token
    from tests.conftest import aws_env_for
    from tests.fakes.sts import FakeSts

    sts = FakeSts().start()
    os.environ.update(aws_env_for(sts))
    accounts = ",".join(f"{700000000000 + i}" for i in range(count))
    env = dict(os.environ, DECODER_ROLE_ARN="arn:aws:iam::{account}:role/decoder", DECODER_ACCOUNTS=accounts)
    lookups = AwsLookups(Settings.from_env(env).aws)
    for seed in range(3):
        lookups.decode_token(make_token(seed))  # known to no account: every account is asked
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    sts.stop()


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [10, 60, 200]
    print("| accounts tried | peak RSS |")
    print("|---|---|")
    for count in counts:
        result = subprocess.run([sys.executable, __file__, "--child", str(count)], capture_output=True, text=True,
                                timeout=600, cwd=ROOT)
        print(f"| {count} | {result.stdout.strip().splitlines()[-1]} MiB |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]))
    else:
        main()
