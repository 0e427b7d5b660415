"""IAM Access Analyzer's ValidatePolicy and IAM's SimulatePrincipalPolicy, as botocore calls and back.

Clients come from bot.aws.clients (the decoder role in the principal's account), so AWS_ENDPOINT_URL_ACCESSANALYZER
and AWS_ENDPOINT_URL_IAM work as botocore documents them. Results are kept as JSON, for the Store.
"""

from __future__ import annotations

import json
from typing import Any

from bot.core.outcomes import PolicyCheck, PolicyFinding, Simulated, Simulation, Validated

MAX_PAGES = 5  # ValidatePolicy pages findings; a statement of ours has a handful at most
# A principal that cannot exist: the simulator answers NoSuchEntity when the permission is there, AccessDenied when
# it is not (the doctor's probe, like STS's invalid token).
PROBE_PRINCIPAL = "arn:aws:iam::{account}:user/decode-bot-probe-no-such-user"
PROBE_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}]})


def validate(client: Any, check: PolicyCheck, locale: str) -> Validated:
    request: dict[str, Any] = {"policyDocument": check.document, "policyType": check.policy_type, "locale": locale}
    if check.resource_type:
        request["validatePolicyResourceType"] = check.resource_type
    findings: list[PolicyFinding] = []
    for _ in range(MAX_PAGES):
        response = client.validate_policy(**request)
        findings += [PolicyFinding(str(f.get("findingType", "")), str(f.get("issueCode", "")),
                                   str(f.get("findingDetails", "")), str(f.get("learnMoreLink", "")))
                     for f in response.get("findings", [])]
        if not response.get("nextToken"):
            break
        request["nextToken"] = response["nextToken"]
    return Validated(tuple(findings))


def simulate(client: Any, simulation: Simulation) -> Simulated:
    request: dict[str, Any] = {"PolicySourceArn": simulation.principal_arn, "ActionNames": [simulation.action]}
    if simulation.resource:
        request["ResourceArns"] = [simulation.resource]
    if simulation.context:
        request["ContextEntries"] = [{"ContextKeyName": entry.key, "ContextKeyValues": list(entry.values),
                                      "ContextKeyType": entry.key_type} for entry in simulation.context]
    if simulation.added:
        request["PolicyInputList"] = [simulation.added]
    if simulation.boundary:
        request["PermissionsBoundaryPolicyInputList"] = [simulation.boundary]
    results = client.simulate_principal_policy(**request).get("EvaluationResults", [])
    if not results:
        return Simulated("implicitDeny")
    result = results[0]
    organizations = result.get("OrganizationsDecisionDetail") or {}
    boundary = result.get("PermissionsBoundaryDecisionDetail") or {}
    return Simulated(
        str(result.get("EvalDecision", "implicitDeny")),
        organizations.get("AllowedByOrganizations") if organizations else None,
        boundary.get("AllowedByPermissionsBoundary") if boundary else None,
        tuple(str(key) for key in result.get("MissingContextValues", [])),
        tuple(dict.fromkeys(str(s.get("SourcePolicyId", "")) for s in result.get("MatchedStatements", [])
                            if s.get("SourcePolicyId"))),
    )


def role_tags(client: Any, role: str) -> dict[str, str]:
    """A role's tags (a role has at most 50: one page of ListRoleTags' 100)."""
    listed = client.list_role_tags(RoleName=role, MaxItems=100).get("Tags", [])
    return {str(tag.get("Key")): str(tag.get("Value", "")) for tag in listed}


def frozen(result: Validated | Simulated) -> str:
    if isinstance(result, Validated):
        return json.dumps({"findings": [[f.finding_type, f.issue_code, f.details, f.link] for f in result.findings]})
    return json.dumps({"decision": result.decision, "organizations": result.allowed_by_organizations,
                       "boundary": result.allowed_by_boundary, "missing": list(result.missing_context),
                       "matched": list(result.matched)})


def thawed(text: str | None) -> Validated | Simulated | None:
    """A result kept by another process; None when absent or not understood (then AWS is asked again)."""
    try:
        fields = json.loads(text or "null")
        if not isinstance(fields, dict):
            return None
        if "findings" in fields:
            return Validated(tuple(PolicyFinding(*map(str, f)) for f in fields["findings"]))
        return Simulated(str(fields["decision"]), fields["organizations"], fields["boundary"],
                         tuple(map(str, fields["missing"])), tuple(map(str, fields["matched"])))
    except (ValueError, KeyError, TypeError):
        return None
