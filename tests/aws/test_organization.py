"""DECODER_ACCOUNTS=organization: the active accounts listed with organizations:ListAccounts (moto in server
mode, real HTTP), and shared through the DynamoDB store so that other processes do not list them again."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import boto3
import pytest

from bot.aws.accounts import Accounts
from bot.aws.clients import Clients
from bot.settings import Settings
from bot.state.dynamodb import DynamoStore
from tests.fakes.dynamodb import FakeDynamoDb

ROLE = "arn:aws:iam::{account}:role/decode-bot-decoder"


@pytest.fixture(scope="module")
def moto() -> Iterator[FakeDynamoDb]:
    server = FakeDynamoDb().start()
    yield server
    server.stop()


def _settings() -> Settings:
    return Settings.from_env({"DECODER_ROLE_ARN": ROLE, "DECODER_ACCOUNTS": "organization",
                              "AWS_REGION": "us-east-1"})


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_organizations_active_accounts_are_listed_once_and_shared(moto: FakeDynamoDb,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {**moto.env(), "AWS_ENDPOINT_URL_ORGANIZATIONS": moto.url}.items():
        monkeypatch.setenv(name, value)
    organizations = boto3.client("organizations", region_name="us-east-1", endpoint_url=moto.url)
    organizations.create_organization(FeatureSet="ALL")
    for name in ("build", "prod"):
        organizations.create_account(Email=f"{name}@example.com", AccountName=name)
    expected = {a["Id"] for a in organizations.list_accounts()["Accounts"] if a["Status"] == "ACTIVE"}
    assert len(expected) == 3  # the management account and the two created

    store = DynamoStore("decode-bot-org", "us-east-1", secret="xoxb-test")
    store.init()
    listed = Accounts(_settings().aws, Clients(_settings().aws), store)
    assert listed.many and set(listed.all()) == expected

    # Another process, whose Organizations endpoint cannot be reached, gets the list from the shared store.
    monkeypatch.setenv("AWS_ENDPOINT_URL_ORGANIZATIONS", f"http://127.0.0.1:{_closed_port()}")
    other = Accounts(_settings().aws, Clients(_settings().aws), store)
    assert set(other.all()) == expected
    assert Accounts(_settings().aws, Clients(_settings().aws)).all() == ()  # without it, nothing to list: no accounts
