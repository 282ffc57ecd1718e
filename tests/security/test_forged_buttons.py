"""Forged callback data, for every callback prefix the bot knows, pressed by the wrong role, organization or person,
changes nothing (callback data is never trusted for authorisation: domain/authz.py).

The prefixes (read from the code): ``r:`` report-flow buttons and ``rl:``/``rv:``/``rh:`` (bot/report/draft.py),
``vf:``/``vr:`` verification (bot/handlers/verification.py), ``lang:`` (bot/handlers/core.py), ``pc:`` a plan change
(bot/plan/state.py), ``mb:`` an invitation from /anggota (bot/handlers/members.py), ``re:`` "Kirim bukti"
(bot/report/history.py), ``rq:``/``rqt:`` a quick report and its template (bot/report/quick.py), ``pk:``/``tl:``
/putuskan and /tindaklanjut (bot/handlers/actions.py); anything else falls
to the unknown-button handler. Command authorisation is the matrix in tests/e2e/test_authorisation_matrix.py.
"""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from storage.models import Report, ReportDraft, ReportRevision
from tests.security.world import World, security_world
from texts import t

KNOWN_PREFIXES = ("r:", "rl:", "rv:", "rh:", "vf:", "vr:", "lang:", "pc:", "mb:", "re:", "rq:", "rqt:", "pk:", "tl:")


def test_the_prefixes_we_forge_are_all_the_prefixes_there_are() -> None:
    """If a new callback prefix appears in bot/, this test asks for it to be forged below too."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "bot"
    source = "\n".join(p.read_text() for p in root.rglob("*.py"))
    found = set(re.findall(r"""pattern=r?["']\^([a-z]+:)""", source))
    found |= set(re.findall(r"""PATTERN = r["']\^([a-z]+:)""", source))
    found |= set(re.findall(r"""f["']([a-z]+:)\{""", source))  # f"vf:{...}" style button data
    assert found - set(KNOWN_PREFIXES) == set(), found


async def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def _forge_all(w: World, caplog: pytest.LogCaptureFixture, forgeries: list[tuple[object, str, object]]) -> None:
    before = await w.snapshot()
    for who, data, chat in forgeries:
        await w.press_data(who, data, chat)  # type: ignore[arg-type]
        after = await w.snapshot()
        changed = {k for k in before if before[k] != after[k]}
        assert not changed, f"{who.first_name} pressing {data!r} changed {changed}"  # type: ignore[attr-defined]
    assert await _errors(caplog) == []


async def test_forged_buttons_change_nothing(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    async with security_world(db_url) as w:
        plan = w.plan
        await w.submit(w.budi)  # a report of DISKOP (K1)
        await w.submit(w.andi, activity="⏳ K4")  # a report of DISDIK (K4)
        reports_ = await w.h.run(lambda s: s.exec(select(Report).order_by(Report.id)).all())
        budi_report, andi_report = reports_[0], reports_[1]
        revs = {r.report_id: r.id for r in await w.h.run(lambda s: s.exec(select(ReportRevision)).all())}
        summary = await w.to_summary(w.budi, activity="⏳ K2", value="5")  # Budi's open draft, at the summary
        [draft] = await w.h.run(lambda s: s.exec(select(ReportDraft).where(ReportDraft.status == "open")).all())
        short = draft.id[:8]
        own_buttons = [data for row in summary.buttons for _label, data in row if data]
        assert own_buttons and all(d.startswith(f"r:{short}:") for d in own_buttons)

        not_budi = [w.siti, w.andi, w.rina, w.chair, w.viewer, w.other_sekre, w.other_focal, w.stranger]
        not_verifiers = [w.budi, w.siti, w.andi, w.chair, w.viewer, w.other_focal, w.stranger, w.other_sekre]
        not_diskop = [w.andi, w.rina, w.chair, w.viewer, w.other_sekre, w.other_focal, w.stranger]
        forgeries: list[tuple[object, str, object]] = []
        # Budi's draft buttons, pressed by everyone else, privately and in the team's group
        for who in not_budi:
            for data in [*own_buttons, f"r:{short}:activity:act:{plan.act_pp}", f"r:{short}:period:per:2026-Q1"]:
                forgeries += [(who, data, None), (who, data, w.group1)]
        # Budi's own draft, with forged steps, verbs, arguments and shorts
        forgeries += [
            (w.budi, f"r:{short}:activity:act:{plan.act_disdik}", None),  # another organization's activity
            (w.budi, f"r:{short}:activity:act:{w.act_team2}", None),  # another team's activity
            (w.budi, f"r:{short}:period:per:2026-Q4", None),  # a step that is not the current one
            (w.budi, "r:00000000:summary:send", None),
            (w.budi, f"r:{short}:edit:field:budget", None),
            (w.budi, f"r:{short}:summary:send", w.group1),  # his own button, but pressed in a group
        ]
        # "Lapor sekarang" for activities that are not the presser's
        for who in not_diskop:
            forgeries.append((who, f"rl:{plan.act_pp}:2026-Q1", None))
        for who in [w.budi, w.siti]:
            forgeries += [(who, f"rl:{plan.act_disdik}:2026-Q1", None), (who, f"rl:{w.act_team2}:2026-Q1", None)]
        forgeries += [(w.budi, "rl:999999:2026-Q1", None), (w.budi, f"rl:{plan.act_pp}:1999-Q1", None)]
        # "Revisi" of someone else's organization's report
        for who in not_diskop:
            forgeries.append((who, f"rv:{budi_report.id}", None))
        forgeries += [(w.budi, f"rv:{andi_report.id}", None), (w.budi, "rv:999999", None)]
        # verification by anyone who is not the report's team's secretariat
        for who in not_verifiers:
            for rep in (budi_report, andi_report):
                for verb in ("vf", "vr"):
                    forgeries += [
                        (who, f"{verb}:{rep.id}:{revs[rep.id]}", None),
                        (who, f"{verb}:{rep.id}:{revs[rep.id]}", w.group1),
                    ]
        # the secretariat itself, with a forged (stale or foreign) revision id
        forgeries += [
            (w.rina, f"vf:{budi_report.id}:{revs[andi_report.id]}", None),
            (w.rina, f"vr:{budi_report.id}:999999", None),
            (w.rina, "vf:999999:1", None),
        ]
        # language with values that are not languages; history paging by a stranger; unknown prefixes
        for who in [w.budi, w.stranger]:
            forgeries += [(who, d, None) for d in ("lang:de", "lang:", "lang:id' OR 1=1 --", "lang:en:extra")]
        forgeries += [(w.stranger, d, None) for d in ("zz:1", "", "r:", "x" * 64, "🙂" * 16)]
        forgeries += [(w.andi, "rh:0", None), (w.andi, "rh:999999", None)]  # paging only ever shows one's own
        # a plan change's buttons with no change pending (the secretariat's own included), privately and in a group
        for who in [w.rina, w.budi, w.stranger]:
            for d in ("pc:0badc0de:a", "pc:0badc0de:p:2026-Q3", "pc:0badc0de:k", "pc:0badc0de:x", "pc:0badc0de:a:x"):
                forgeries += [(who, d, None), (who, d, w.group1)]
        # "Kirim bukti" of a report that waits for none, or of another organization's; a quick report's buttons with no
        # batch behind them; the template button by people who report nothing; /putuskan and /tindaklanjut buttons
        # with no conversation and naming actions that do not exist
        for who in not_diskop:
            forgeries += [(who, f"re:{budi_report.id}", None), (who, f"re:{budi_report.id}", w.group1)]
        forgeries += [(w.budi, f"re:{andi_report.id}", None), (w.budi, "re:999999", None)]
        for who in [w.budi, w.rina, w.stranger]:
            for d in ("rq:00000000:send", "rq:deadbeef:yes", "rq:0badc0de:edit", "rq:0badc0de:cancel"):
                forgeries += [(who, d, None), (who, d, w.group1)]
        forgeries += [(who, "rqt:2026-Q1", None) for who in (w.chair, w.viewer, w.stranger, w.other_sekre)]
        forgeries += [(w.budi, "rqt:2026-Q1", w.group1), (w.budi, "rqt:", w.group1)]
        for who in [w.budi, w.rina, w.chair, w.other_sekre, w.stranger]:
            for d in ("pk:t:1", "pk:o:1", "pk:p:2", "pk:ok", "pk:no", "tl:d:1", "tl:r:1", "tl:d:999999"):
                forgeries += [(who, d, None), (who, d, w.group1)]
        await _forge_all(w, caplog, forgeries)

        # the draft survived every forgery: Budi can still send it, once
        answered = await w.press_label(w.budi, t("report.button.send"))
        assert answered, [(m.text, m.button_labels()) for m in w.h.sent(w.budi.id)[-6:]]
        assert len(await w.h.run(lambda s: s.exec(select(Report)).all())) == 3


async def test_secretariat_of_the_team_can_verify_the_control_case(db_url: str) -> None:
    """The positive control of the matrix above: the same data pressed by the right person does change things."""
    async with security_world(db_url) as w:
        await w.submit(w.budi)
        [report] = await w.h.run(lambda s: s.exec(select(Report)).all())
        [rev] = await w.h.run(lambda s: s.exec(select(ReportRevision)).all())
        await w.press_data(w.rina, f"vf:{report.id}:{rev.id}")
        [after] = await w.h.run(lambda s: s.exec(select(Report)).all())
        assert after.status == "verified"


async def test_a_forged_verb_on_the_current_step_is_refused_quietly(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with security_world(db_url) as w:
        await w.to_summary(w.budi)
        [draft] = await w.h.run(lambda s: s.exec(select(ReportDraft).where(ReportDraft.status == "open")).all())
        before = await w.snapshot()
        answered = await w.press_data(w.budi, f"r:{draft.id[:8]}:summary:yes")
        assert await w.snapshot() == before
        assert t("core.error.generic") not in [m.text for m in answered]
        assert await _errors(caplog) == []


async def test_history_paging_by_someone_without_history_is_refused_quietly(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with security_world(db_url) as w:
        before = await w.snapshot()
        for who in (w.stranger, w.chair):
            answered = await w.press_data(who, "rh:0")
            assert t("core.error.generic") not in [m.text for m in answered]
        assert await w.snapshot() == before
        assert await _errors(caplog) == []


async def test_forged_invitation_buttons_make_no_invitation(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """``mb:i:<team>:<org>`` (the buttons of /anggota) pressed by anyone who may not invite a focal point in that
    team, naming another team's organization, in a group, or malformed: no invitation is made."""
    from storage import people

    caplog.set_level(logging.WARNING)
    async with security_world(db_url) as w:
        team1, diskop = w.plan.team_id, w.plan.diskop_id
        dinsos = await w.h.run(lambda s: people.org_by_code(s, "DINSOS").id)
        own = f"mb:i:{team1}:{diskop}"
        forgeries: list[tuple[object, str, object]] = []
        for who in [w.budi, w.andi, w.chair, w.viewer, w.other_sekre, w.other_focal, w.stranger]:
            forgeries += [(who, own, None), (who, own, w.group1)]
        forgeries += [
            (w.rina, f"mb:i:{team1}:{dinsos}", None),  # another team's organization under her own team
            (w.rina, f"mb:i:{w.team2_id}:{dinsos}", None),  # another team
            (w.rina, f"mb:i:{w.team2_id}:{diskop}", None),
            (w.rina, own, w.group1),  # her own, but in the group: a link there is anyone's
            (w.rina, "mb:i:999999:1", None),
            (w.rina, f"mb:i:{team1}:999999", None),
            (w.rina, f"mb:i:{team1}", None),
            (w.rina, f"mb:i:{team1}:{diskop}:x", None),
            (w.rina, "mb:i:-1:-1", None),
        ]
        await _forge_all(w, caplog, forgeries)
        # the control: the same button pressed by the team's secretariat privately makes one
        answered = await w.press_data(w.rina, own)
        assert any("start=" in (m.text or "") for m in answered), [m.text for m in answered]
