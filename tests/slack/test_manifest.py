"""The Slack app manifest declares exactly what the code uses."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.slack.listeners.shortcuts import CALLBACK_ID

MANIFEST = (Path(__file__).resolve().parents[2] / "manifest.yaml").read_text()


def _list_under(key: str) -> list[str]:
    block = MANIFEST.split(f"{key}:", 1)[1]
    items = []
    for line in block.splitlines()[1:]:
        match = re.match(r"\s+- ([\w:.]+)", line)
        if not match:
            break
        items.append(match.group(1))
    return items


def test_scopes_are_exactly_the_ones_decode_bot_needs() -> None:
    assert sorted(_list_under("    bot")) == sorted([
        "app_mentions:read", "channels:history", "groups:history", "im:history", "mpim:history",
        "chat:write", "commands", "files:read", "usergroups:read", "users:read", "reactions:write", "channels:read",
        "users:read.email", "groups:read",  # groups:read: who may mute a cause in a private channel (the watch)
    ])


def test_events_command_and_shortcut_match_the_listeners() -> None:
    assert sorted(_list_under("bot_events")) == ["app_home_opened", "app_mention", "message.channels",
                                                 "message.groups", "message.im", "message.mpim"]
    assert "home_tab_enabled: true" in MANIFEST
    assert "command: /decode" in MANIFEST
    assert f"callback_id: {CALLBACK_ID}" in MANIFEST
    assert "socket_mode_enabled: true" in MANIFEST


def test_iam_policies_are_valid_and_minimal() -> None:
    import json

    folder = Path(__file__).resolve().parents[2] / "deploy" / "iam"
    decoder = json.loads((folder / "decoder-policy.json").read_text())
    assert decoder["Statement"] == [
        {"Sid": "DecodeAuthorizationMessagesOnly", "Effect": "Allow", "Action": "sts:DecodeAuthorizationMessage",
         "Resource": "*"},
        {"Sid": "ReadAuthorizationDetails", "Effect": "Allow", "Action": "iam:GetRequestAuthorizationDetails",
         "Resource": "*"},
        {"Sid": "ValidateSuggestedStatements", "Effect": "Allow", "Action": "access-analyzer:ValidatePolicy",
         "Resource": "*"},
        # Only the account's own principals: the simulator cannot evaluate another account's anyway.
        # "Ask the owner": a role's decode-bot:owner-channel tag, likewise.
        {"Sid": "SimulateThisAccountsPrincipals", "Effect": "Allow",
         "Action": ["iam:SimulatePrincipalPolicy", "iam:ListRoleTags"],
         "Resource": ["arn:aws:iam::*:user/*", "arn:aws:iam::*:role/*"],
         "Condition": {"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}},
    ]
    trust = json.loads((folder / "decoder-trust-policy.json").read_text())
    assert [s["Action"] for s in trust["Statement"]] == ["sts:AssumeRole"]
    runtime = json.loads((folder / "runtime-policy.json").read_text())
    assert [s["Action"] for s in runtime["Statement"]] == ["sts:AssumeRole"]


def test_the_organisation_templates_trust_only_the_bot_and_allow_only_decoding() -> None:
    folder = Path(__file__).resolve().parents[2] / "deploy" / "organization"
    stackset = (folder / "decoder-role-stackset.yaml").read_text()
    assert "AWS: !Ref BotRoleArn" in stackset and "Action: sts:AssumeRole" in stackset
    actions = re.findall(r"Action: (\S+)", stackset) + re.findall(r"^ +- ([a-z-]+:[A-Za-z]+)\b", stackset, re.M)
    assert sorted(actions) == ["access-analyzer:ValidatePolicy", "events:PutEvents",
                               "iam:GetRequestAuthorizationDetails", "iam:ListRoleTags", "iam:SimulatePrincipalPolicy",
                               "sts:AssumeRole", "sts:AssumeRole", "sts:DecodeAuthorizationMessage"]
    # The watch's forwarding role: only EventBridge of this account may use it, only to put events on the bus.
    assert "Service: events.amazonaws.com" in stackset and "aws:SourceAccount: !Ref AWS::AccountId" in stackset
    assert "Resource: !Ref WatchBusArn" in stackset
    assert '!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"' in stackset  # its own principals only
    bot = (folder / "bot-role.yaml").read_text()
    assert "aws:ResourceOrgID: !Ref OrganizationId" in bot
    assert 'Resource: !Sub "arn:${AWS::Partition}:iam::*:role/${DecoderRoleName}"' in bot


def test_the_lambda_template_and_the_dockerfile() -> None:
    root = Path(__file__).resolve().parents[2]
    template = (root / "deploy" / "lambda" / "template.yaml").read_text()
    assert "Handler: bot.lambda_handler.handler" in template and "FunctionUrlConfig" in template
    assert "AttributeName: exp" in template and "STATE_BACKEND: dynamodb" in template
    dockerfile = (root / "Dockerfile").read_text()
    assert 'HEALTHCHECK --interval=30s --timeout=3s CMD ["python"' in dockerfile  # exec form
    assert (root / ".dockerignore").exists()
    assert "USER 10001:10001" in dockerfile and 'ENTRYPOINT ["decode-bot"]' in dockerfile and "/healthz" in dockerfile


def test_the_manifest_command_agrees_with_manifest_yaml_and_fills_every_request_url() -> None:
    from bot.slack.manifest import manifest
    from tests.terminal import run

    socket = manifest()
    assert sorted(socket["oauth_config"]["scopes"]["bot"]) == sorted(_list_under("    bot"))
    assert socket["settings"]["event_subscriptions"]["bot_events"] == _list_under("bot_events")
    assert socket["settings"]["socket_mode_enabled"] is True and "socket_mode_enabled: true" in MANIFEST
    assert f"callback_id: {socket['features']['shortcuts'][0]['callback_id']}" in MANIFEST
    result = run(["manifest", "--url", "https://abc123.lambda-url.us-east-1.on.aws/"])
    assert result.returncode == 0, result.stderr
    http = json.loads(result.stdout)
    url = "https://abc123.lambda-url.us-east-1.on.aws/slack/events"
    assert http["settings"]["socket_mode_enabled"] is False
    assert [http["settings"]["event_subscriptions"]["request_url"], http["settings"]["interactivity"]["request_url"],
            http["features"]["slash_commands"][0]["url"]] == [url, url, url]
    assert {k: v for k, v in http.items() if k not in ("settings", "features")} == \
        {k: v for k, v in socket.items() if k not in ("settings", "features")}
    assert run(["manifest", "--url", "http://plain.example.com"]).returncode == 2


def test_the_watch_templates_admit_only_the_organization_and_the_rules_and_match_denials_by_pattern() -> None:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # CloudFormation's tags
    folder = Path(__file__).resolve().parents[2] / "deploy"
    queue = yaml.load((folder / "watch" / "watch-queue.yaml").read_text(), Loader=Loader)["Resources"]
    pattern = queue["LocalDenials"]["Properties"]["EventPattern"]["detail"]["errorCode"]
    assert {"prefix": "AccessDenied"} in pattern and {"suffix": "UnauthorizedOperation"} in pattern
    assert queue["LocalDenials"]["Properties"]["State"] == "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
    bus = queue["CentralBusPolicy"]["Properties"]["Statement"]
    assert list(bus["Condition"]["StringEquals"]) == ["aws:PrincipalOrgID"]
    assert queue["Denials"]["Properties"]["SqsManagedSseEnabled"] is True
    assert "RedrivePolicy" in queue["Denials"]["Properties"]
    assert queue["QueuePolicy"]["Properties"]["PolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "events.amazonaws.com"}
    sam = yaml.load((folder / "lambda" / "template.yaml").read_text(), Loader=Loader)["Resources"]
    assert sam["WatchEvents"]["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
