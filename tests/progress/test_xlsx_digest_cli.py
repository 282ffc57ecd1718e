"""The XLSX recap read back has the right totals; the digest caption; ``pantau export`` and ``pantau chart``."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine

from domain.periods import Period
from domain.rating import DEFAULT_THRESHOLDS
from pantau.cli import main
from progress import digest, xlsx
from storage import aggregates as agg
from storage.db import session_scope
from storage.models import Person
from texts import t
from texts.markup import CAPTION_LIMIT, esc, utf16_len

PNG = b"\x89PNG\r\n\x1a\n"


def _column(ws: Any, header: str, row: int = 1) -> int:
    for cell in ws[row]:
        if cell.value == header:
            return int(cell.column)
    raise AssertionError(f"no column {header!r}")


def test_xlsx_recap_totals(engine: Engine, sample: Any) -> None:
    now = datetime(2026, 8, 1, tzinfo=UTC)
    with session_scope(engine) as session:
        data = xlsx.build_recap(session, sample.team_id, None, upto="2026-Q2", now=now)
    assert [p.key for p in data.periods] == ["2026-Q1", "2026-Q2"]
    assert xlsx.recap_filename(data) == "rekap-TPAKD-UJI-2026.xlsx"
    wb = load_workbook(io.BytesIO(xlsx.render_recap_xlsx(data, "id")))
    assert wb.sheetnames == [
        "Ringkasan",
        "Triwulan I 2026",
        "Triwulan II 2026",
        "Kendala",
        "Tindak lanjut",
        "Versi rencana",
    ]

    summary = wb["Ringkasan"]
    total_row = next(r for r in range(5, 20) if summary.cell(r, 1).value == "Jumlah")
    # Expected Q1 5 + Q2 4 (DISDIK exempt) = 9; received 3 + 2 = 5; on time 2 + 2 = 4.
    assert [summary.cell(total_row, c).value for c in (3, 4, 5)] == [9, 5, 4]
    assert summary.cell(total_row, 6).value == pytest.approx(5 / 9)
    assert summary.cell(total_row, 7).value == pytest.approx(4 / 9)
    assert summary.cell(total_row, 6).number_format == "0.0%"
    assert summary.cell(total_row, 8).value == pytest.approx(0.725)  # Q2 team achievement
    assert summary.cell(total_row, 9).value == "Sedang"
    assert len(summary._images) == 1  # the chart
    assert summary.freeze_panes == "C5"

    q1 = wb["Triwulan I 2026"]
    assert q1.freeze_panes == "C2"
    header = [c.value for c in q1[1]]
    assert "Dilaporkan (WIB)" in header
    rows = {q1.cell(r, 4).value: r for r in range(2, 7)}
    a1 = rows["Kegiatan A1"]
    assert q1.cell(a1, _column(q1, "Realisasi")).value == 9  # the current revision, not the first
    assert q1.cell(a1, _column(q1, "Capaian")).value == pytest.approx(0.9)
    assert q1.cell(a1, _column(q1, "Pelapor")).value == "Sari <Diskop>"
    # 6 Apr 03:00 UTC is 10:00 WIB, written naive
    assert q1.cell(a1, _column(q1, "Dilaporkan (WIB)")).value == datetime(2026, 4, 6, 10, 0)
    assert q1.cell(a1, _column(q1, "Pagu (Rp)")).number_format == '"Rp" #,##0'
    a2 = rows["Kegiatan A2"]
    assert q1.cell(a2, _column(q1, "Status")).value == "Terkirim (terlambat)"
    assert q1.cell(rows["Kegiatan A4"], _column(q1, "Status")).value == "Belum lapor"

    q2 = wb["Triwulan II 2026"]
    total = next(r for r in range(2, 12) if q2.cell(r, 1).value == "Jumlah")
    assert q2.cell(total, _column(q2, "Pagu (Rp)")).value == 550_000_000
    assert q2.cell(total, _column(q2, "Anggaran terserap s.d. periode (Rp)")).value == 145_000_000
    assert q2.cell(total, _column(q2, "Capaian")).value == pytest.approx(0.725)
    statuses = [q2.cell(r, _column(q2, "Status")).value for r in range(2, total)]
    assert statuses.count("Dikecualikan") == 1


def test_digest_of_the_week(engine: Engine, sample: Any) -> None:
    now = datetime(2026, 7, 8, 1, tzinfo=UTC)
    with session_scope(engine) as session:
        data = digest.collect_digest(session, sample.team_id, now)
    assert data.period.key == "2026-Q2"
    # The week before 8 July: A1 (3 Jul), A3 (4 Jul), A4 (6 Jul) first revisions.
    assert (data.new_reports, data.corrections) == (3, 0)
    assert [(lg.code, lg.missing, lg.expected) for lg in data.laggards] == [("BANK", 1, 2), ("DISKOP", 1, 2)]
    msg = digest.render_digest(data, "id")
    assert msg.photo is not None and msg.photo[:8] == PNG
    assert len(msg.text) <= CAPTION_LIMIT
    assert "Laporan masuk 2/4 (50%)" in msg.text
    assert "3 laporan baru" in msg.text
    assert "BANK (1/2), DISKOP (1/2)" in msg.text
    # the early warnings (docs/early-warning.md), most at risk first: A5 (3 of the year's 10, per period: 3 + 1,5 × 2
    # = 6 → 60%) before A4 (45 + 22,5 × 2 = 90 of 100 → 90%); A2 (30 of 60 by TW II: 30 × 4 ÷ 2 = 60) is on course
    assert [r.code for r in data.at_risk] == ["A5", "A4"]
    assert t("agenda.digest.head", "id") in msg.text
    assert "• Dengan laju ini A5 berakhir ±60% (Rendah); perlu +4 UMKM per triwulan untuk mencapai target." in msg.text
    assert "• Dengan laju ini A4 berakhir ±90% (Tinggi); perlu +28 UMKM per triwulan" in msg.text


def test_digest_caption_stays_within_the_caption_limit() -> None:
    team = agg.TeamInfo(1, "T", "Tim " + "Panjang " * 40, "", "Asia/Jakarta", "quarter", 2026, 10, DEFAULT_THRESHOLDS)
    total = agg.Progress(None, "T", "T", 300, 100, 50, 0, 40.0, "sangat_rendah")
    summary = agg.PeriodSummary(team, Period.quarter(2026, 1), agg.TEAM_SCOPE, total, [], [], [])
    laggards = [digest.DigestLaggard("ORGANISASI-" + "X" * 29, "n", 3, 5) for _ in range(60)]
    data = digest.DigestData(team, Period.quarter(2026, 1), summary, laggards, 12, 3, datetime.now(UTC))
    assert len(digest.digest_caption(data, "id")) <= CAPTION_LIMIT


def test_digest_names_the_organizations_not_yet_connected(engine: Engine, sample: Any) -> None:
    """Every focal point of the sample has not opened the private chat: the three organizations are named, by code,
    before the footer; once Budi opens it, BANK is connected and drops out."""
    now = datetime(2026, 7, 8, 1, tzinfo=UTC)
    with session_scope(engine) as session:
        data = digest.collect_digest(session, sample.team_id, now)
    assert [code for code, _name in data.unconnected] == ["BANK", "DISDIK", "DISKOP"]
    caption = digest.digest_caption(data, "id")
    lines = caption.splitlines()
    assert lines[-2] == "🔌 Belum terhubung (3): BANK, DISDIK, DISKOP"
    assert lines[-1] == t("progress.digest_foot", "id")
    assert "🔌 Not connected yet (3): BANK, DISDIK, DISKOP" in digest.digest_caption(data, "en")
    with session_scope(engine) as session:
        budi = session.get(Person, sample.person["budi"])
        assert budi is not None
        budi.private_chat = True
        session.add(budi)
    with session_scope(engine) as session:
        data = digest.collect_digest(session, sample.team_id, now)
    assert [code for code, _name in data.unconnected] == ["DISDIK", "DISKOP"]
    assert "🔌 Belum terhubung (2): DISDIK, DISKOP\n" in digest.digest_caption(data, "id")


def test_digest_without_unconnected_organizations_has_no_line() -> None:
    team = agg.TeamInfo(1, "T", "Tim", "", "Asia/Jakarta", "quarter", 2026, 10, DEFAULT_THRESHOLDS)
    total = agg.Progress(None, "T", "T", 3, 3, 3, 0, 95.0, "sangat_tinggi")
    summary = agg.PeriodSummary(team, Period.quarter(2026, 1), agg.TEAM_SCOPE, total, [], [], [])
    data = digest.DigestData(team, Period.quarter(2026, 1), summary, [], 1, 0, datetime.now(UTC))
    assert "🔌" not in digest.digest_caption(data, "id")


def test_digest_caption_with_many_unconnected_stays_within_the_limit_and_keeps_its_footer() -> None:
    """A long team name, 60 laggards and 60 organizations not connected with 40-character codes: at most 1,024
    UTF-16 units (the emoji count twice), the line names eight and 'dan 52 lainnya', the footer stays last."""
    team = agg.TeamInfo(1, "T", "Tim " + "Panjang " * 40, "", "Asia/Jakarta", "quarter", 2026, 10, DEFAULT_THRESHOLDS)
    total = agg.Progress(None, "T", "T", 300, 100, 50, 0, 40.0, "sangat_rendah")
    summary = agg.PeriodSummary(team, Period.quarter(2026, 1), agg.TEAM_SCOPE, total, [], [], [])
    laggards = [digest.DigestLaggard("ORGANISASI-" + "X" * 29, "n", 3, 5) for _ in range(60)]
    orgs = tuple((f"OPD-{i:02d}-" + "Y" * 33, "Nama panjang " * 10) for i in range(60))
    data = digest.DigestData(team, Period.quarter(2026, 1), summary, [], 12, 3, datetime.now(UTC), unconnected=orgs)
    caption = digest.digest_caption(data, "id")
    assert utf16_len(caption) <= CAPTION_LIMIT
    assert "🔌 Belum terhubung (60): OPD-00-" in caption and "dan 52 lainnya" in caption
    assert caption.splitlines()[-1] == t("progress.digest_foot", "id")
    crowded = digest.DigestData(
        team, Period.quarter(2026, 1), summary, laggards, 12, 3, datetime.now(UTC), unconnected=orgs
    )
    caption = digest.digest_caption(crowded, "id")
    assert utf16_len(caption) <= CAPTION_LIMIT
    assert caption.splitlines()[-1] == t("progress.digest_foot", "id")


@pytest.fixture
def cli_env(db_url: str, sample: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample plan behind PANTAU_DATABASE_URL, run from an empty directory (no .env)."""
    monkeypatch.setenv("PANTAU_DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_export(cli_env: Path) -> None:
    assert main(["export", "--team", "TPAKD-UJI", "--period", "TW1", "--out", "rekap.xlsx"]) == 0
    wb = load_workbook(cli_env / "rekap.xlsx")
    assert wb.sheetnames == ["Ringkasan", "Triwulan I 2026", "Kendala", "Tindak lanjut", "Versi rencana"]
    assert main(["export", "--team", "tpakd-uji", "--out", "tahun.xlsx", "--lang", "en"]) == 0
    assert load_workbook(cli_env / "tahun.xlsx").sheetnames[0] == "Summary"


@pytest.mark.parametrize("kind", ["progres", "kurva", "kepatuhan"])
def test_cli_chart(cli_env: Path, kind: str) -> None:
    assert main(["chart", "--team", "TPAKD-UJI", "--kind", kind, "--period", "triwulan 2", "--out", "c.png"]) == 0
    assert (cli_env / "c.png").read_bytes()[:8] == PNG


def test_cli_chart_scope(cli_env: Path) -> None:
    assert main(["chart", "--team", "TPAKD-UJI", "--kind", "progres", "--scope", "umkm", "--out", "p.png"]) == 0


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["export", "--team", "NOPE", "--out", "x.xlsx"], 'no team "NOPE" (teams: TPAKD-UJI)'),
        (["chart", "--team", "TPAKD-UJI", "--kind", "pie", "--out", "x.png"], "choose progres, kurva, kepatuhan"),
        (["export", "--team", "TPAKD-UJI", "--period", "maret", "--out", "x.xlsx"], "2026-Q1, 2026-Q2"),
        (["chart", "--team", "TPAKD-UJI", "--kind", "kurva", "--scope", "xyz", "--out", "x.png"], "P1, P2"),
    ],
)
def test_cli_mistakes_are_one_line_exit_2(
    cli_env: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert expected in err
    assert not (cli_env / "x.xlsx").exists() and not (cli_env / "x.png").exists()


def test_xlsx_marks_evidence_used_in_another_report(engine: Engine, sample: Any) -> None:
    """The same photo in A1's Q1 report (its current revision) and A4's Q2 report: each row's Status says so and
    its note names the other report; the columns are the same as without."""
    from sqlmodel import select

    from storage.models import Evidence, Report

    with session_scope(engine) as session:
        for act, period in (("A1", "2026-Q1"), ("A4", "2026-Q2")):
            report = session.exec(
                select(Report).where(Report.activity_id == sample.activity[act], Report.period_key == period)
            ).one()
            assert report.current_revision_id is not None
            session.add(
                Evidence(revision_id=report.current_revision_id, kind="photo", file_id=f"f-{act}", file_unique_id="U")
            )
    with session_scope(engine) as session:
        data = xlsx.build_recap(session, sample.team_id, None, upto="2026-Q2", now=datetime(2026, 8, 1, tzinfo=UTC))
    wb = load_workbook(io.BytesIO(xlsx.render_recap_xlsx(data, "id", chart=False)))
    for sheet, activity, note in (
        ("Triwulan I 2026", "Kegiatan A1", "⚠️ foto ini juga dipakai di laporan A4 TW II"),
        ("Triwulan II 2026", "Kegiatan A4", "⚠️ foto ini juga dipakai di laporan A1 TW I"),
    ):
        ws = wb[sheet]
        assert [c.value for c in ws[1]][-1] == "Status" and ws.max_column == len(xlsx.PERIOD_COLUMNS)
        rows = {ws.cell(r, xlsx.COL["activity"]).value: r for r in range(2, ws.max_row + 1)}
        status = ws.cell(rows[activity], xlsx.COL["status"])
        assert status.value == "Terkirim (bukti dipakai ulang)"
        assert status.comment is not None and status.comment.text == note
        others = [ws.cell(r, xlsx.COL["status"]) for a, r in rows.items() if a != activity and r > 1]
        assert all(c.comment is None and "bukti" not in str(c.value) for c in others)


def test_reuse_lines_name_what_the_reader_may_see() -> None:
    from storage.verification import ReportRef, ReusedEvidence

    items = [
        ReusedEvidence("document", ReportRef("K9", "2025-Q4")),  # another year: with its year
        ReusedEvidence("photo", ReportRef("K2", "2026-Q1")),
        ReusedEvidence("photo", ReportRef("K3", "2026-Q2", "TIM-B")),  # another team the reader may see
        ReusedEvidence("photo", ReportRef("K4", "2026-Q2")),
        ReusedEvidence("photo", ReportRef("K<5>", "2026-Q3")),
        ReusedEvidence("photo", None),  # a team the reader may not see
    ]
    assert xlsx.reuse_lines(items, "2026-Q2", "en") == [
        "⚠️ this document is also used in report K9 Q4 2025",
        "⚠️ this photo is also used in report K2 Q1, K3 Q2 (team TIM-B), K4 Q2 and 1 more",
        "⚠️ this photo is also used in another team's report",
    ]
    assert xlsx.reuse_lines(items[-2:], "2026-Q2", "id", esc) == [
        "⚠️ foto ini juga dipakai di laporan K&lt;5&gt; TW III",
        "⚠️ foto ini juga dipakai di laporan tim lain",
    ]
    assert xlsx.reuse_lines([], "2026-Q2", "id") == []
