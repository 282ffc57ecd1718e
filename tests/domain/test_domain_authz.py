"""Why someone may not report for an organization (domain/authz.py ``report_refusal``): each case its own answer."""

from __future__ import annotations

from domain.authz import Grant, report_refusal


def test_report_refusal_names_the_case() -> None:
    own = Grant(team_id=1, role="focal_point", organization_id=10)
    assert report_refusal([own], 1, 10) is None
    assert report_refusal([Grant(1, "viewer"), own], 1, 10) is None
    assert report_refusal([own], 1, 20) == "other_organization"
    assert report_refusal([own], 2, 10) == "other_organization"  # the same organization in another team
    for role in ("viewer", "chair", "secretariat", "admin"):
        assert report_refusal([Grant(1, role)], 1, 10) == "not_reporter"
    assert report_refusal([], 1, 10) == "not_reporter"
