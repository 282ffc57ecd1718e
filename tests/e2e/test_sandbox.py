"""``pantau sandbox`` as a newcomer runs it: no token, no .env, typed lines in, the chat out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.harness import plain
from texts import t


def _sandbox(tmp_path: Path, lines: list[str]) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    result = subprocess.run(
        [sys.executable, "-m", "pantau", "sandbox", "--files", str(tmp_path / "files")],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_newcomer_is_a_focal_point_sees_help_and_switches_to_the_group(tmp_path: Path) -> None:
    out = _sandbox(tmp_path, ["/bantuan", ":grup", "/bantuan", ":sebagai ketua", "/progres", ":keluar"])
    assert "[Budi Santoso · Focal point · chat pribadi] >" in out
    assert "/lapor — " + t("core.cmd.lapor") in out
    assert t("sandbox.switched", "id", where="grup Tim TPAKD-DS") in out
    assert "── Pantau → grup Tim TPAKD-DS" in out
    assert "[Timur Tumanggor · Ketua · grup tim] >" in out
    saved = list((tmp_path / "files").glob("*.png"))
    assert saved and saved[0].read_bytes().startswith(b"\x89PNG")
    assert not (tmp_path / ".env").exists() and not list(tmp_path.glob("*.db"))  # throwaway database


def test_buttons_are_pressed_by_number_and_mistakes_are_explained(tmp_path: Path) -> None:
    out = _sandbox(tmp_path, ["/bahasa", ":tekan 9", "2", "5", ":entah", ":keluar"])
    assert "[1] Bahasa Indonesia   [2] English" in out
    assert t("sandbox.no_such_button", "id", n=9, max=2) in out  # the sandbox speaks PANTAU_LANGUAGE
    assert plain(t("core.lang.set", "en")) in out
    # no buttons left on the latest message: a number is an answer, sent as text (the bot, now in English, says
    # it did not understand)
    assert plain(t("core.free_text", "en")) in out
    assert t("sandbox.unknown", "id", command="entah") in out


def test_newcomer_files_a_report_with_a_photo_and_sees_the_group_notice(tmp_path: Path) -> None:
    out = _sandbox(
        tmp_path,
        [
            "/lapor",
            "1",
            "1",
            "45",
            "12.500.000",
            "30",
            "Sinyal lemah di desa",
            "Koordinasi dengan Diskominfo",
            ":foto",
            "1",
            ":lokasi",
            "1",
            ":keluar",
        ],
    )
    assert "Realisasi: 45 UMKM (target 50 UMKM, capaian 90%)" in out
    assert "✅ Laporan terkirim" in out
    notice = out.split("── Pantau → grup Tim TPAKD-DS")[-1]
    assert "DISKOPUKM" in notice and "45 UMKM" in notice


def test_the_ojk_focal_point_reports_an_indicator_that_must_go_down(tmp_path: Path) -> None:
    out = _sandbox(tmp_path, [":sebagai focal3", "/lapor", ":keluar"])
    assert "[Dewi Lubis · Focal point · chat pribadi] >" in out
    assert "SALI-04 · Penanganan pengaduan praktik rentenir" in out
