"""How much runs at the same time, in one place. Where two limits must agree, one is derived from the other.

    HTTP request ─► HTTP_THREADS ─► Bolt ─► LISTENER_THREADS ─┬─► answers that need no AWS
                                                               └─► ANSWER_THREADS (answers that call AWS)
                                                                    └─► each answer: LOOKUPS_PER_ANSWER inputs
                                                                         on the LOOKUP_THREADS shared pool
                                                                         └─► each lookup: ACCOUNTS_AT_ONCE
                                                                              accounts on ACCOUNT_THREADS
                                                                    └─► each answer's fixes checked on CHECK_THREADS
"""

from __future__ import annotations

HTTP_THREADS = 16  # waitress: requests read and acknowledged at the same time
LISTENER_THREADS = 16  # Bolt's listeners
ANSWER_THREADS = 16  # answers that call AWS: a hanging STS holds only these
LOOKUPS_PER_ANSWER = 5  # one answer's inputs looked up at the same time (LIMIT_TOKENS_PER_MESSAGE's default)
ACCOUNTS_AT_ONCE = 4  # accounts asked at the same time for one token
# AWS calls in flight in the whole process: each lookup thread makes one call at a time with one account, and
# while it routes a token through many accounts it waits for the account threads, which make the calls.
AWS_CALLS_AT_ONCE = 16
LOOKUP_THREADS = AWS_CALLS_AT_ONCE
ACCOUNT_THREADS = AWS_CALLS_AT_ONCE
# Every call in flight holds a pooled connection of its client: none ever waits for one.
AWS_CONNECTIONS = AWS_CALLS_AT_ONCE
# Accounts whose role session and clients are kept (the least recently used go first): every account being asked
# at once keeps its own, with room for as many again.
KEPT_ACCOUNTS = 2 * ACCOUNT_THREADS
# AWS's checks of the fixes in answers (one task per answer; those that outlive the answer's wait finish here).
CHECK_THREADS = ANSWER_THREADS
# The shared-state table is read and written by every listener and answer thread.
STATE_CONNECTIONS = LISTENER_THREADS + ANSWER_THREADS
