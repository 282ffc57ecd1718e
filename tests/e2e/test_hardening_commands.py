"""Issue 11, items 8–11, over HTTP: the team and period a command is about.

8. the bootstrap admin (``PANTAU_ADMIN_IDS``) may use in private every team command /bantuan lists for them;
9. a person in two teams reaches either one by its code, in any place among the arguments; a group only its own;
10. every label the bot shows for a period (and a Roman numeral alone) is read back as that period;
11. every screen lands on the period being reported (on 2 December: Triwulan IV, not the locked Triwulan III), and
    the export without a period is the whole year.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from emulator.state import SentMessage
from tests.e2e.harness import DELI_SERDANG, EXAMPLES, Harness, plain, running_bot, texts
from texts import t

SOLOK = EXAMPLES / "tkpkd-kota-solok-2021.yaml"
DS_NAME = "Tim Percepatan Akses Keuangan Daerah Kabupaten Deli Serdang"
SOLOK_NAME = "Tim Koordinasi Penanggulangan Kemiskinan Daerah Kota Solok"
ADMIN = 5_100_001  # in PANTAU_ADMIN_IDS
DEC_2 = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # Wednesday 2 December 2026, 09:00 WIB
TEAM_COMMANDS = ("/progres", "/rekap", "/belum", "/kurva", "/ekspor", "/kecualikan", "/batalkecuali")
PNG = b"\x89PNG\r\n\x1a\n"


def moved_plan(tmp_path: Path, year: int = 2026, source: Path = DELI_SERDANG) -> Path:
    """The Deli Serdang plan with its year moved (its targets are per quarter, Q1–Q4, of the team's year)."""
    text = source.read_text(encoding="utf-8")
    assert text.count("  year: 2022\n") == 1
    path = tmp_path / f"{source.stem}-{year}.yaml"
    path.write_text(text.replace("  year: 2022\n", f"  year: {year}\n"), encoding="utf-8")
    return path


def recap_head(team: str, period: str) -> str:
    return plain(t("progress.rekap_title", team=team, period=period))


def first(messages: list[SentMessage]) -> str:
    assert messages, "the bot said nothing"
    return messages[0].text if messages[0].text is not None else (messages[0].caption or "")


def which(command: str, *rest: str) -> str:
    example = " ".join([command, "TKPKD-SOLOK", *rest])
    return plain(t("progress.team.which", example=example, choices="TKPKD-SOLOK, TPAKD-DS"))


async def _linked(h: Harness, linker: Any, team: str, title: str) -> Any:
    group = h.group(title)
    await h.do(group.id, lambda: h.emu.add_bot_to_group(linker, group))
    await h.say(linker, f"/hubungkan {team}", chat=group)
    return group


# --- 8. the bootstrap admin ----------------------------------------------------------------------------------------


async def test_the_bootstrap_admin_may_use_every_team_command_of_bantuan_in_private(db_url: str) -> None:
    async with running_bot(db_url, admin_ids=[ADMIN]) as h:
        admin = h.user("Admin Kabupaten", user_id=ADMIN)
        listed = first(await h.say(admin, "/bantuan"))
        assert all(f"{command} — " in listed for command in TEAM_COMMANDS)
        refused = plain(t("core.not_allowed"))

        [chart] = await h.say(admin, "/progres")
        assert chart.photo is not None and chart.photo.startswith(PNG)
        assert "Triwulan I 2022" in (chart.caption or "")
        assert first(await h.say(admin, "/rekap")).startswith(recap_head(DS_NAME, "Triwulan I 2022"))
        assert "Triwulan I 2022" in first(await h.say(admin, "/belum"))
        [curve] = await h.say(admin, "/kurva")
        assert curve.photo is not None
        _preparing, export = await h.say(admin, "/ekspor")
        assert export.document is not None and export.file_name == "rekap-TPAKD-DS-2022.xlsx"
        listing = texts(await h.say(admin, "/kecualikan"))
        assert listing[-1] == plain(t("reminders.exempt.usage")) and refused not in listing
        [excused] = await h.say(admin, "/kecualikan DISDIK TW3 tidak ada kegiatan")
        assert excused.text is not None and excused.text.startswith("✅ DISDIK (Dinas Pendidikan) dikecualikan")
        [lifted] = await h.say(admin, "/batalkecuali DISDIK TW3")
        assert lifted.text == plain(t("reminders.unexempt.done", org="DISDIK", period="Triwulan III 2022"))

        # with a second team the admin is asked which one, and names it
        await h.seed_plan(SOLOK)
        for command in TEAM_COMMANDS:
            assert texts(await h.say(admin, command)) == [which(command)], command
        assert texts(await h.say(admin, "/rekap TW2")) == [which("/rekap", "TW2")]
        assert first(await h.say(admin, "/rekap TW2 TPAKD-DS")).startswith(recap_head(DS_NAME, "Triwulan II 2022"))
        assert first(await h.say(admin, "/rekap TKPKD-SOLOK")).startswith(recap_head(SOLOK_NAME, "Desember 2021"))
        [excused] = await h.say(admin, "/kecualikan TKPKD-SOLOK DINSOS-SOLOK maret tidak ada kegiatan")
        assert excused.text is not None and excused.text.startswith("✅ DINSOS-SOLOK (Dinas Sosial Kota Solok)")


# --- 9. a person in two teams ---------------------------------------------------------------------------------------


async def test_a_person_in_two_teams_names_the_team_anywhere_among_the_arguments(db_url: str) -> None:
    async with running_bot(db_url, admin_ids=[ADMIN]) as h:
        await h.seed_plan(SOLOK)
        kepala = h.user("Kepala Bappeda")  # chair of both teams
        sekre = h.user("Sekretariat Bappeda")  # secretariat of both
        for team in ("TPAKD-DS", "TKPKD-SOLOK"):
            await h.grant(kepala, team, "chair")
            await h.grant(sekre, team, "secretariat")

        assert texts(await h.say(kepala, "/rekap")) == [which("/rekap")]
        assert first(await h.say(kepala, "/rekap TKPKD-SOLOK")).startswith(recap_head(SOLOK_NAME, "Desember 2021"))
        for typed in ("/rekap TW2 TPAKD-DS", "/rekap TPAKD-DS TW2", "/rekap tpakd-ds triwulan 2"):
            assert first(await h.say(kepala, typed)).startswith(recap_head(DS_NAME, "Triwulan II 2022")), typed
        assert first(await h.say(kepala, "/belum maret TKPKD-SOLOK")).startswith("Belum lapor: Maret 2021")
        [chart] = await h.say(kepala, "/progres TPAKD-DS DISKOPUKM TW1")
        assert chart.photo is not None and "Dinas Koperasi dan UKM" in (chart.caption or "")
        assert "Triwulan I 2022" in (chart.caption or "")
        [curve] = await h.say(kepala, "/kurva UGD TPAKD-DS")
        assert curve.photo is not None and "UMKM Go Digital" in (curve.caption or "")
        _preparing, export = await h.say(kepala, "/ekspor TKPKD-SOLOK maret")
        assert export.file_name == "rekap-TKPKD-SOLOK-2021-03.xlsx"

        assert texts(await h.say(sekre, "/kecualikan")) == [which("/kecualikan")]
        [excused] = await h.say(sekre, "/kecualikan DINSOS-SOLOK maret TKPKD-SOLOK pendataan ulang")
        assert excused.text == plain(
            t(
                "reminders.exempt.done",
                org="DINSOS-SOLOK (Dinas Sosial Kota Solok)",
                period="Maret 2021",
                reason="pendataan ulang",
            )
        )
        [lifted] = await h.say(sekre, "/batalkecuali TKPKD-SOLOK DINSOS-SOLOK maret")
        assert lifted.text == plain(t("reminders.unexempt.done", org="DINSOS-SOLOK", period="Maret 2021"))

        # in a group, the group's own team only
        group = await _linked(h, h.user("Admin", user_id=ADMIN), "TPAKD-DS", "TPAKD Deli Serdang")
        assert first(await h.say(kepala, "/rekap", chat=group)).startswith(recap_head(DS_NAME, "Triwulan I 2022"))
        assert first(await h.say(kepala, "/rekap TPAKD-DS TW2", chat=group)).startswith(
            recap_head(DS_NAME, "Triwulan II 2022")
        )
        other = plain(t("progress.team.other_group", team="TKPKD-SOLOK", group_team="TPAKD-DS"))
        assert texts(await h.say(kepala, "/rekap TKPKD-SOLOK", chat=group)) == [other]
        assert texts(await h.say(sekre, "/kecualikan TKPKD-SOLOK DINSOS-SOLOK maret x", chat=group)) == [other]


# --- 10. periods as the bot writes them -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["IV", "iv", "Triwulan IV 2022", "Triwulan IV", "TW IV", "triwulan 4", "Q4", "4"])
async def test_every_form_of_a_quarter_the_refusal_shows_is_accepted(db_url: str, typed: str) -> None:
    async with running_bot(db_url) as h:
        viewer = h.user("Pemantau")
        await h.grant(viewer, "TPAKD-DS", "viewer")
        refusal = first(await h.say(viewer, "/rekap TW9"))
        assert "Triwulan IV 2022" in refusal
        assert first(await h.say(viewer, f"/rekap {typed}")).startswith(recap_head(DS_NAME, "Triwulan IV 2022"))
        assert "Triwulan IV 2022" in first(await h.say(viewer, f"/belum {typed}"))
        [chart] = await h.say(viewer, f"/progres {typed}")
        assert "Triwulan IV 2022" in (chart.caption or "")


async def test_every_label_of_the_refusal_reads_back_for_a_monthly_team(db_url: str) -> None:
    async with running_bot(db_url, seed=False, flood_max_updates=0) as h:  # 37 commands in a row
        await h.seed_plan(SOLOK)
        viewer = h.user("Pemantau Solok")
        await h.grant(viewer, "TKPKD-SOLOK", "viewer")
        refusal = first(await h.say(viewer, "/rekap TW9"))
        months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni"]
        months += ["Juli", "Agustus", "September", "Oktober", "November", "Desember"]
        for month in months:
            label = f"{month} 2021"
            assert label in refusal
            for typed in (label, month, month[:3] + " 2021"):
                assert first(await h.say(viewer, f"/rekap {typed}")).startswith(recap_head(SOLOK_NAME, label)), typed
        assert first(await h.say(viewer, "/rekap XII")).startswith(recap_head(SOLOK_NAME, "Desember 2021"))


async def test_exemptions_take_the_period_as_the_bot_writes_it(db_url: str) -> None:
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sri")
        await h.grant(sekre, "TPAKD-DS", "secretariat")
        done = plain(
            t("reminders.exempt.done", org="DISDIK (Dinas Pendidikan)", period="Triwulan IV 2022", reason="mutasi")
        )
        lifted = plain(t("reminders.unexempt.done", org="DISDIK", period="Triwulan IV 2022"))
        for excuse, lift in (
            ("/kecualikan DISDIK Triwulan IV 2022 mutasi", "/batalkecuali DISDIK Triwulan IV 2022"),
            ("/kecualikan DISDIK IV TPAKD-DS mutasi", "/batalkecuali TPAKD-DS DISDIK TW IV"),
            ("/kecualikan TPAKD-DS DISDIK Triwulan IV mutasi", "/batalkecuali DISDIK triwulan 4 TPAKD-DS"),
        ):
            assert texts(await h.say(sekre, excuse)) == [done], excuse
            assert texts(await h.say(sekre, lift)) == [lifted], lift


# --- 11. the period a screen lands on -------------------------------------------------------------------------------


async def test_on_2_december_every_screen_lands_on_triwulan_iv(db_url: str, tmp_path: Path) -> None:
    async with running_bot(db_url, start=DEC_2, seed=False) as h:
        await h.seed_plan(moved_plan(tmp_path))
        budi = h.user("Budi")
        chair = h.user("Pak Sekda")
        await h.grant(budi, "TPAKD-DS", "focal_point", "DISKOPUKM")
        await h.grant(chair, "TPAKD-DS", "chair")

        [listing] = await h.say(budi, "/lapor")
        assert (listing.text or "").startswith("📝 Lapor realisasi · Triwulan IV 2026\n")
        labels = [label for label in listing.button_labels() if label != t("quick.button.template")]
        assert labels and all(label.startswith("⏳ ") for label in labels), labels
        [periods] = await h.press(budi, listing, text=labels[0])
        assert periods.button_labels()[0] == "▶ Triwulan IV 2026"  # Triwulan III is offered 🔒, to ask /buka

        [chart] = await h.say(chair, "/progres")
        assert "Triwulan IV 2026" in (chart.caption or "")
        assert first(await h.say(chair, "/rekap")).startswith(recap_head(DS_NAME, "Triwulan IV 2026"))
        assert "Triwulan IV 2026" in first(await h.say(chair, "/belum"))
        # the export without a period is the whole year, Triwulan IV included
        _preparing, export = await h.say(chair, "/ekspor")
        assert export.caption == plain(
            t("progress.ekspor_caption", team=DS_NAME, periods="Triwulan I 2026 s.d. Triwulan IV 2026")
        )
        assert export.document is not None
        sheets = load_workbook(io.BytesIO(export.document)).sheetnames
        assert sheets[1:] == [
            "Triwulan I 2026",
            "Triwulan II 2026",
            "Triwulan III 2026",
            "Triwulan IV 2026",
            "Kendala",
            "Tindak lanjut",
            "Versi rencana",
        ]


def test_pantau_export_without_a_period_is_the_whole_year(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pantau import cli_progress
    from pantau.cli import main
    from planfile.read import load_plan
    from storage.db import make_sync_engine, session_scope
    from storage.plan import apply_plan

    engine = make_sync_engine(db_url)
    try:
        with session_scope(engine) as session:
            apply_plan(session, load_plan(moved_plan(tmp_path)), DEC_2)
    finally:
        engine.dispose()

    class December(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return DEC_2.astimezone(tz)

    monkeypatch.setattr(cli_progress, "datetime", December)
    monkeypatch.setenv("PANTAU_DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--team", "TPAKD-DS", "--out", "tahun.xlsx"]) == 0
    sheets = load_workbook(tmp_path / "tahun.xlsx").sheetnames
    assert sheets[1:] == [
        "Triwulan I 2026",
        "Triwulan II 2026",
        "Triwulan III 2026",
        "Triwulan IV 2026",
        "Kendala",
        "Tindak lanjut",
        "Versi rencana",
    ]
    assert "(default: the whole year)" in cli_progress_help()


def cli_progress_help() -> str:
    import argparse

    from pantau.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return " ".join(sub.choices["export"].format_help().split())
