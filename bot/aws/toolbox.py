"""iam-toolbox:GetRequestAuthorizationDetails: every page of one authorization ID's details, merged."""

from __future__ import annotations

from typing import Any

from bot.core.outcomes import Detailed, LookupOutcome

MAX_DETAIL_PAGES = 20
PROBE_ID = "0decodebotdoctorprobe"  # cannot exist: "not found" proves the permission


def details(client: Any, authorization_id: str) -> LookupOutcome:
    pages: list[dict[str, Any]] = []
    kwargs: dict[str, str] = {"authorizationId": authorization_id}
    while len(pages) < MAX_DETAIL_PAGES:
        page = client.get_request_authorization_details(**kwargs)
        page.pop("ResponseMetadata", None)
        pages.append(page)
        if not page.get("nextToken"):
            break
        kwargs["nextToken"] = page["nextToken"]
    merged = dict(pages[0])
    merged["evaluations"] = [e for p in pages for e in p.get("evaluations", [])]
    merged["policies"] = [pol for p in pages for pol in p.get("policies", [])]
    merged.pop("nextToken", None)
    return Detailed(merged)
