"""The denial watch's queue for the long-running bot: SQS long polling in a background thread (WATCH_QUEUE_URL).

The endpoint comes from botocore's own configuration (AWS_ENDPOINT_URL_SQS), never from an endpoint_url argument.
A message is deleted only after it was handled (its events counted); one that fails stays on the queue, becomes
visible again after the queue's visibility timeout, and after the redrive policy's retries goes to the dead-letter
queue. The same handler serves AWS Lambda's SQS event source (bot.lambda_handler), with partial batch responses.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

log = logging.getLogger(__name__)

WAIT_SECONDS = 20  # SQS long polling: one request per 20 s on an idle queue
BATCH = 10
_REGION = re.compile(r"sqs[.-]([a-z0-9-]+)\.amazonaws\.com")


def queue_region(queue_url: str, default: str) -> str:
    """The Region a queue URL names (https://sqs.eu-west-1.amazonaws.com/…), else the default."""
    found = _REGION.search(queue_url)
    return found.group(1) if found else default


def sqs_client(queue_url: str, region: str, timeout: float = WAIT_SECONDS + 10) -> Any:
    import botocore.session

    config = Config(region_name=queue_region(queue_url, region), read_timeout=timeout, connect_timeout=5,
                    retries={"mode": "standard", "total_max_attempts": 3})
    return botocore.session.get_session().create_client("sqs", config=config)


def handled_batch(records: list[dict[str, Any]], handle: Callable[[list[str]], set[int]],
                  after: Callable[[], None]) -> list[str]:
    """Handle a batch of message bodies; the IDs of those that failed (SQS keeps them, Lambda's batchItemFailures):
    one bad message never sends the others back."""
    bodies = [str(record.get("body") or record.get("Body") or "") for record in records]
    try:
        failed = handle(bodies)
    except Exception as exc:
        log.warning("a watch batch was not handled (%s): left on the queue", type(exc).__name__)
        failed = set(range(len(records)))
    try:
        after()
    except Exception as exc:  # the counts are kept; the edit is retried on the next batch
        log.warning("updating watch threads failed: %s", type(exc).__name__)
    return [str(records[at].get("messageId") or records[at].get("MessageId") or "") for at in sorted(failed)]


class QueuePoller:
    def __init__(self, client: Any, queue_url: str, handle: Callable[[list[str]], set[int]],
                 after: Callable[[], None], wait_seconds: int = WAIT_SECONDS,
                 pending: Callable[[], int] = lambda: 0) -> None:
        self._client = client
        self._queue_url = queue_url
        self._handle = handle
        self._after = after
        self._wait = wait_seconds
        self._pending = pending  # edits still to make: poll briefly, so that they are made soon
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> QueuePoller:
        self._thread = threading.Thread(target=self.run, name="watch-queue", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = WAIT_SECONDS + 5) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except (BotoCoreError, ClientError) as exc:
                log.error("the watch queue cannot be read (%s): trying again in 10 s", type(exc).__name__)
                self._stop.wait(10)

    def poll_once(self) -> int:
        """One long poll; returns how many messages were handled and deleted."""
        wait = min(self._wait, 1) if self._pending() else self._wait
        answer = self._client.receive_message(QueueUrl=self._queue_url, MaxNumberOfMessages=BATCH,
                                              WaitTimeSeconds=wait, AttributeNames=["ApproximateReceiveCount"])
        messages = answer.get("Messages", [])
        if not messages:
            self._after()  # edits left over from an earlier batch (Slack was busy)
            return 0
        begun = time.monotonic()
        failed = set(handled_batch(messages, self._handle, self._after))
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            self._client.delete_message_batch(QueueUrl=self._queue_url, Entries=[
                {"Id": str(index), "ReceiptHandle": m["ReceiptHandle"]} for index, m in enumerate(done)])
        log.info("watch: %d messages handled, %d left on the queue, in %.2fs", len(done), len(failed),
                 time.monotonic() - begun)
        return len(done)
