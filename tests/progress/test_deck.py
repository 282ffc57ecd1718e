"""The plenary deck read back with python-pptx: the slides, their titles, the tables (at most 8 rows and a header,
continued under "(lanjutan)"), the two charts as pictures, large type and Indonesian numbers; ``pantau deck``.

The example is ``tests/progress/deck_example.py``: the Deli Serdang plan with Triwulan I 2022's reports, two
obstacles that need a decision and ten open actions."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.util import Inches, Pt
from sqlalchemy.engine import Engine

from domain.numbers import format_percent
from pantau.cli import main
from progress import deck
from progress.views import PeriodError
from storage.db import session_scope
from tests.progress.deck_example import NOW, seed_example

PNG = b"\x89PNG\r\n\x1a\n"
# the programs of the example and their activities with a Triwulan I 2022 target
PROGRAMS = [
    ("UGD", "UMKM Go Digital", 4),
    ("UNK", "UMKM Naik Kelas", 2),
    ("OVOA", "One Village One Agent", 3),
    ("SRSP", "Satu Rekening Satu Pelajar", 3),
    ("SALI", "Sinergi Aksi Literasi dan Inklusi", 4),
]


def _titles(prs: Any) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in prs.slides]


def _tables(slide: Any) -> list[Any]:
    return [shape.table for shape in slide.shapes if shape.has_table]


def _cells(table: Any) -> list[list[str]]:
    return [[cell.text_frame.text for cell in row.cells] for row in table.rows]


def _slide(prs: Any, title: str) -> Any:
    return next(s for s in prs.slides if s.shapes.title.text_frame.text == title)


def _collect(engine: Engine, *, big: bool = False, text: str | None = None) -> deck.DeckData:
    with session_scope(engine) as session:
        team_id = seed_example(session, big=big)
    with session_scope(engine) as session:
        return deck.collect_deck(session, team_id, text, NOW)


def test_the_example_deck(engine: Engine) -> None:
    """One build, read back three ways (a build draws two charts: seconds)."""
    data = _collect(engine)
    prs = Presentation(io.BytesIO(deck.build_deck(data, "id")))
    _slides_tables_and_pictures(data, prs)
    _summary_has_rekaps_numbers_in_indonesian(data, prs)
    _large_type_for_the_back_of_the_room(prs)


def _slides_tables_and_pictures(data: deck.DeckData, prs: Any) -> None:
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))  # 16:9
    assert deck.deck_filename(data) == "bahan-rapat-TPAKD-DS-2022-Q1.pptx"
    agenda = data.agenda
    assert agenda is not None
    risk_pages = math.ceil(len(agenda.at_risk) / 8)
    assert len(agenda.open_actions) == 10 and len(agenda.decisions_needed) == 2 and risk_pages >= 1
    expected = [
        "Bahan Rapat Pleno",
        "Ringkasan Triwulan I 2022",
        "Capaian per OPD",
        "Kurva S: rencana dan realisasi fisik",
        *[f"Program {code}: {name}" for code, name, _ in PROGRAMS],
        "Agenda Rapat",
        "1. OPD yang belum melapor",
        "2. Kegiatan dengan capaian terendah",
        "3. Deviasi kurva S yang kritis",
        "4. Kendala yang perlu keputusan pimpinan",
        "5. Tindak lanjut lewat tenggat",
        "6. Peringatan dini",
        *["6. Peringatan dini (lanjutan)"] * (risk_pages - 1),
        "Tindak lanjut yang masih terbuka",
        "Tindak lanjut yang masih terbuka (lanjutan)",  # ten actions: 8 + 2
    ]
    assert _titles(prs) == expected

    title = prs.slides[0].placeholders[1].text_frame.text
    assert "Tim Percepatan Akses Keuangan Daerah Kabupaten Deli Serdang" in title
    assert "Triwulan I 2022" in title and "20 April 2022" in title

    pictures = [shape for slide in prs.slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 2 and all(p.image.blob.startswith(PNG) for p in pictures)
    assert [len(list(s for s in slide.shapes if s.shape_type == 13)) for slide in list(prs.slides)[2:4]] == [1, 1]

    for code, name, activities in PROGRAMS:
        [table] = _tables(_slide(prs, f"Program {code}: {name}"))
        rows = _cells(table)
        assert rows[0] == ["Kegiatan", "OPD", "Target", "Realisasi", "Capaian", "Predikat"]
        assert len(rows) == activities + 1
        assert all(row[0].startswith(f"{code}-") for row in rows[1:])
    # every table slide: one table of at most 8 rows and its header
    tables = [table for slide in prs.slides for table in _tables(slide)]
    assert len(tables) == 1 + len(PROGRAMS) + 5 + risk_pages + 2  # the summary; programs; agenda 1-5; risks; actions
    assert all(len(table.rows) <= 9 for table in tables)
    actions = [
        _cells(table)
        for s in prs.slides
        if s.shapes.title.text_frame.text.startswith("Tindak lanjut yang")
        for table in _tables(s)
    ]
    assert [len(rows) for rows in actions] == [9, 3]
    assert [row[0] for rows in actions for row in rows[1:]] == [f"#{n}" for n in range(1, 11)]
    [decisions] = _tables(_slide(prs, "4. Kendala yang perlu keputusan pimpinan"))
    assert "Pencairan dana tertunda menunggu SK" in [row[4] for row in _cells(decisions)]


def _summary_has_rekaps_numbers_in_indonesian(data: deck.DeckData, prs: Any) -> None:
    total = data.summary.total
    [table] = _tables(_slide(prs, "Ringkasan Triwulan I 2022"))
    rows = dict((label, value) for label, value in _cells(table))
    assert list(rows) == [
        "Kelengkapan laporan",
        "Ketepatan waktu",
        "Capaian rata-rata",
        "Anggaran terserap",
        "Fisik terhadap rencana",
    ]
    # 16 activities with a Triwulan I target; the example leaves the 4th and the 12th unreported
    assert (total.expected, total.received) == (16, 14)
    assert rows["Kelengkapan laporan"] == "14 dari 16 (87,5%)"
    assert rows["Ketepatan waktu"] == f"{total.on_time} dari 16 ({format_percent(total.timeliness, 'id', 1)})"
    assert rows["Capaian rata-rata"].startswith(format_percent(total.achievement, "id", 1))
    assert "," in rows["Capaian rata-rata"] and "(" in rows["Capaian rata-rata"]
    assert rows["Anggaran terserap"].startswith("Rp ") and "dari pagu Rp" in rows["Anggaran terserap"]
    assert "dari rencana" in rows["Fisik terhadap rencana"]


def _large_type_for_the_back_of_the_room(prs: Any) -> None:
    for slide in list(prs.slides)[1:]:
        sizes = [run.font.size for p in slide.shapes.title.text_frame.paragraphs for run in p.runs]
        assert sizes and all(size >= Pt(32) for size in sizes), slide.shapes.title.text_frame.text
        for table in _tables(slide):
            for row in table.rows:
                for cell in row.cells:
                    runs = [run for p in cell.text_frame.paragraphs for run in p.runs]
                    assert all(run.font.size >= Pt(16) for run in runs)


def test_a_long_program_goes_on_over_the_next_slide(engine: Engine) -> None:
    data = _collect(engine, big=True)
    prs = Presentation(io.BytesIO(deck.build_deck(data, "id")))
    titles = _titles(prs)
    first = titles.index("Program UGD: UMKM Go Digital")
    assert titles[first + 1] == "Program UGD: UMKM Go Digital (lanjutan)"
    pages = [_cells(_tables(prs.slides[i])[0]) for i in (first, first + 1)]
    assert [len(rows) for rows in pages] == [9, 4]  # 11 activities: 8 + 3, each page with its header
    assert pages[1][0] == pages[0][0]
    codes = [row[0].split(" ")[0] for rows in pages for row in rows[1:]]
    assert codes == ["UGD-01", "UGD-02", "UGD-03", "UGD-04", *[f"UGD-X{n}" for n in range(1, 8)]]


def test_english_deck_and_a_period_typed(engine: Engine) -> None:
    data = _collect(engine, text="TW2")
    assert data.period.key == "2022-Q2"
    prs = Presentation(io.BytesIO(deck.build_deck(data, "en")))
    titles = _titles(prs)
    assert titles[:3] == ["Plenary Meeting", "Summary, Q2 2022", "Achievement by organization"]
    assert titles[-1] == "Open actions (continued)"
    with session_scope(engine) as session, pytest.raises(PeriodError):
        deck.collect_deck(session, data.team.id, "TW9", NOW)


# --- pantau deck ---------------------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(db_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    with session_scope(engine) as session:
        seed_example(session)
    monkeypatch.setenv("PANTAU_DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_deck(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deck", "--team", "tpakd-ds", "--period", "TW1", "--out", "rapat.pptx"]) == 0
    prs = Presentation(str(cli_env / "rapat.pptx"))
    assert _titles(prs)[:2] == ["Bahan Rapat Pleno", "Ringkasan Triwulan I 2022"]
    assert "Deck of TPAKD-DS (2022-Q1) written to rapat.pptx." in capsys.readouterr().err


MISTAKES = [
    (["deck", "--team", "NOPE", "--out", "x.pptx"], 'no team "NOPE" (teams: TPAKD-DS)'),
    (["deck", "--team", "TPAKD-DS", "--period", "TW9", "--out", "x.pptx"], "2022-Q1, 2022-Q2, 2022-Q3, 2022-Q4"),
    (["deck", "--team", "TPAKD-DS", "--out", "x.pdf"], "the deck is written as .pptx"),
    (["deck", "--team", "TPAKD-DS", "--out", "x.pptx", "--lang", "fr"], 'unknown language "fr"'),
]


def test_cli_deck_mistakes_are_one_line_exit_2(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    for argv, expected in MISTAKES:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err
        assert expected in err
        assert not (cli_env / "x.pptx").exists() and not (cli_env / "x.pdf").exists()


def test_cli_deck_without_a_team_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["deck", "--out", "x.pptx"])
    assert exit_info.value.code == 2
    assert "--team" in capsys.readouterr().err
