"""Command texts: forgiving arguments, default period, Telegram limits, escaping, mentions."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from domain.periods import Period
from domain.rating import DEFAULT_THRESHOLDS
from progress import views as pv
from storage import aggregates as agg
from storage.db import session_scope
from texts import t
from texts.markup import visible_len

NOW = datetime(2026, 8, 1, 2, tzinfo=UTC)  # Q2 ended 30 June; Q3 is open


def _team(kind: str = "quarter") -> agg.TeamInfo:
    return agg.TeamInfo(1, "T", "Tim Uji", "", "Asia/Jakarta", kind, 2026, 10, DEFAULT_THRESHOLDS)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("TW1", "2026-Q1"),
        ("triwulan 1", "2026-Q1"),
        ("Triwulan II", "2026-Q2"),
        ("q3", "2026-Q3"),
        ("2026-Q4", "2026-Q4"),
    ],
)
def test_resolve_period_quarters(typed: str, key: str) -> None:
    assert pv.resolve_period(_team(), typed).key == key


def test_resolve_period_month_names_and_default() -> None:
    monthly = _team("month")
    assert pv.resolve_period(monthly, "maret").key == "2026-03"
    assert pv.resolve_period(monthly, "Agustus").key == "2026-08"
    # Default: the latest period that has ended in the team's zone (1 Aug 09:00 WIB → July for a monthly team).
    assert pv.resolve_period(monthly, None, NOW).key == "2026-07"
    assert pv.resolve_period(_team(), "", NOW).key == "2026-Q2"
    # Before any period has ended: the first one; after the year: the last one.
    assert pv.default_period(_team(), datetime(2026, 2, 1, tzinfo=UTC)).key == "2026-Q1"
    assert pv.default_period(_team(), datetime(2027, 3, 1, tzinfo=UTC)).key == "2026-Q4"


def test_wrong_period_lists_the_choices() -> None:
    with pytest.raises(pv.PeriodError) as info:
        pv.resolve_period(_team(), "maret")  # a month for a quarterly team
    message = pv.error_text(info.value, "id")
    assert "Triwulan I 2026" in message
    assert "Triwulan IV 2026" in message
    with pytest.raises(pv.PeriodError) as info:
        pv.resolve_period(_team(), "kemarin")
    assert "Triwulan II 2026" in pv.error_text(info.value, "en") or "Q2 2026" in pv.error_text(info.value, "en")


@pytest.mark.parametrize(
    ("typed", "kind", "code"),
    [
        ("P1", "program", "P1"),
        ("umkm go digital", "program", "P1"),
        ("UMKM", "program", "P1"),  # prefix of a name
        ("rekening", "program", "P2"),  # unique substring
        ("diskop", "organization", "DISKOP"),
        ("Dinas Pendidikan", "organization", "DISDIK"),
        ("bank sumut", "organization", "BANK"),
        ("pendídikan", "organization", "DISDIK"),  # accents ignored
    ],
)
def test_resolve_scope(engine: Engine, sample: Any, typed: str, kind: str, code: str) -> None:
    with session_scope(engine) as session:
        scope = pv.resolve_scope(session, sample.team_id, typed)
    assert (scope.kind, scope.code) == (kind, code)


def test_wrong_or_ambiguous_scope_lists_choices(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session, pytest.raises(pv.ScopeError) as info:
        pv.resolve_scope(session, sample.team_id, "pertanian")
    message = pv.error_text(info.value, "id")
    assert message.startswith(t("progress.scope_unknown", "id", choices="").strip())
    for code in ("P1", "P2", "DISKOP", "BANK", "DISDIK"):
        assert code in message
    with session_scope(engine) as session, pytest.raises(pv.ScopeError) as info:
        pv.resolve_scope(session, sample.team_id, "dinas")  # DISKOP and DISDIK
    assert info.value.ambiguous
    assert "DISKOP" in pv.error_text(info.value, "en") and "BANK" not in pv.error_text(info.value, "en")


def test_progres_scope_and_period_in_any_order(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        view = pv.load_progres(session, sample.team_id, "bank tw1", NOW)
        assert (view.summary.scope.code, view.summary.period.key, view.by) == ("BANK", "2026-Q1", "program")
        view = pv.load_progres(session, sample.team_id, "triwulan 1 UMKM Go Digital", NOW)
        assert (view.summary.scope.code, view.summary.period.key) == ("P1", "2026-Q1")
        view = pv.load_progres(session, sample.team_id, "TW1", NOW)
        assert (view.summary.scope.kind, view.summary.period.key) == ("team", "2026-Q1")
        view = pv.load_progres(session, sample.team_id, None, NOW)
    caption = pv.progres_caption(view, "id")
    assert len(caption) <= pv.CAPTION_LIMIT
    assert "Triwulan II 2026" in caption
    assert "72,5%" in caption  # hand-computed Q2 achievement (test_aggregates)
    assert "Sedang" in caption


def test_rekap_messages(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        view = pv.load_rekap(session, sample.team_id, "TW1", NOW)
    messages = pv.rekap_messages(view, "id")
    assert len(messages) == 1
    text = messages[0]
    assert "Laporan masuk 3/5 (60%)" in text
    assert "tepat waktu 2/5 (40%)" in text
    assert "41,25%" in text
    assert text.count("<pre>") == text.count("</pre>") == 2
    rows = [line for line in text.splitlines() if line.startswith(("DISKOP", "BANK", "DISDIK"))]
    assert [r.split()[0] for r in rows] == ["DISDIK", "BANK", "DISKOP"]  # lowest achievement first
    assert rows[1].split() == ["BANK", "1/2", "1", "37,5%", "SR"]
    # the head's budget is the amount absorbed to date (A1 20 jt after its revision, A2 50 jt), as /progres says
    with session_scope(engine) as session:
        progres = pv.progres_caption(pv.load_progres(session, sample.team_id, "TW1", NOW), "id")
    budget_line = next(line for line in text.splitlines() if line.startswith("Anggaran terserap"))
    assert budget_line.startswith("Anggaran terserap Rp 70 jt dari pagu")
    assert budget_line in progres


def _fake_summary(n_orgs: int) -> agg.PeriodSummary:
    team = agg.TeamInfo(
        1, "TPAKD-X", "Tim <Percepatan> & Akses", "", "Asia/Jakarta", "quarter", 2026, 10, DEFAULT_THRESHOLDS
    )
    orgs = [
        agg.Progress(i, f"ORG-{i:03d}-PANJANG", f"Dinas Nomor {i}", 12, 7, 5, 1, 55.5 + i % 40, "rendah", 12, 12, 0, 0)
        for i in range(n_orgs)
    ]
    progs = [agg.Progress(i, f"P{i:02d}", f"Program {i}", 30, 20, 15, 0, 80.0, "tinggi") for i in range(30)]
    total = agg.Progress(None, "TPAKD-X", "Tim", 960, 560, 400, 80, 60.0, "rendah")
    return agg.PeriodSummary(team, Period.quarter(2026, 2), agg.TEAM_SCOPE, total, orgs, progs, [("EX", "Exempt")])


def test_rekap_with_80_organizations_splits_within_telegram_limits() -> None:
    messages = pv.rekap_messages(pv.RekapView(_fake_summary(80)), "id")
    assert len(messages) >= 2
    for message in messages:
        assert len(message) <= pv.TEXT_LIMIT
        assert message.count("<pre>") == message.count("</pre>")
        # every row is in one piece and escaped
        assert "<Percepatan>" not in message
    body = "\n".join(messages)
    assert all(f"ORG-{i:03d}-PANJ" in body for i in range(80))
    assert "(lanjutan 2/" in messages[1]


def test_belum_lists_focal_points_with_mentions(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        view = pv.load_belum(session, sample.team_id, "TW1", NOW)
    messages = pv.belum_messages(view, "id")
    text = "\n".join(messages)
    assert '<a href="tg://user?id=1002">Budi</a>' in text
    assert '<a href="tg://user?id=1003">Dewi</a>' in text
    assert "dikembalikan: foto bukti kurang" in text
    assert "Kegiatan A4" in text and "Kegiatan A3" in text
    assert "Kegiatan A1" not in text
    assert all(len(m) <= pv.TEXT_LIMIT for m in messages)
    # names are escaped in mentions
    fp = agg.FocalPoint(5, "Sari <Diskop>", None)
    assert pv.mention(fp) == '<a href="tg://user?id=5">Sari &lt;Diskop&gt;</a>'


def test_belum_all_in(engine: Engine, sample: Any) -> None:
    view = pv.BelumView(_team(), Period.quarter(2026, 1), NOW.date(), [])
    assert pv.belum_messages(view, "en") == [t("progress.belum_all_in", "en", period="Q1 2026")]


def test_kurva_caption_flags_critical_deviation(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        view = pv.load_kurva(session, sample.team_id, None, NOW)
    caption = pv.kurva_caption(view, "id")
    assert "rencana 66%" in caption and "realisasi 37%" in caption and "-29" in caption
    assert t("progress.kurva_critical", "id") in caption
    assert len(caption) <= pv.CAPTION_LIMIT


def test_fold() -> None:
    assert pv.fold("  Dinas Koperasi & UKM ") == "dinas koperasi ukm"
    assert re.fullmatch(r"[a-z ]+", pv.fold("Pendídikan Ñ"))


def test_one_line_longer_than_the_limit_is_cut_and_stays_valid_html() -> None:
    line = "<b>Tim</b> " + "Dinas Koperasi &amp; UKM &lt;Kab&gt; " * 200
    out = pv._fit(line, 100)
    assert visible_len(out) <= 100
    assert out.startswith("Tim Dinas Koperasi &amp; UKM &lt;Kab&gt;") and "<" not in out
