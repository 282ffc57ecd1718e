"""``pantau sandbox`` as a newcomer runs it: no token, no .env, typed lines in, the chat out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.harness import plain
from texts import t


def _sandbox(tmp_path: Path, lines: list[str], *options: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    result = subprocess.run(
        [sys.executable, "-m", "pantau", "sandbox", "--files", str(tmp_path / "files"), *options],
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
            "5",  # the obstacle's category: Data
            "2",  # no decision needed
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


def _after(out: str, marker: str) -> str:
    """The output from ``marker`` on (its first occurrence), so that each step is checked where it happens."""
    assert marker in out, marker
    return out[out.index(marker) :]


def _message_to(out: str, chat: str) -> str:
    """The first message the bot sent to ``chat`` (as the sandbox prints it), up to the next prompt or message."""
    text = _after(out, f"── Pantau → {chat}\n").split("\n", 1)[1]
    return text.split("\n── Pantau →")[0].split("\n[")[0]


def test_the_secretariat_changes_the_plan_with_the_example_workbook(tmp_path: Path) -> None:
    basis = "Perbup Deli Serdang No. 45 Tahun 2022 tentang Perubahan Penjabaran APBD"
    example = tmp_path / "files" / "rencana-perubahan-contoh.xlsx"
    out = _sandbox(
        tmp_path,
        [
            ":sebagai sekretariat",
            "/rencana",
            f":dokumen {example}",
            "1",  # the first period offered: Triwulan II 2022
            basis,
            "1",  # Terapkan
            "/rencana",
            ":sebagai ketua",
            "/rekap TW II",
            "/kurva",
            ":keluar",
        ],
    )
    # /rencana: the plan to edit, and its one version, the plan murni
    step = _after(out, "[Sri Ekayani · Sekretariat · chat pribadi] >")
    assert "[berkas disimpan: " in step and "rencana-TPAKD-DS-v1.xlsx]" in step
    assert "📋 Rencana TPAKD-DS, versi 1." in step
    versions = _after(step, "Versi rencana TPAKD-DS")
    assert "v1 · 01-04-2022 · berlaku mulai TW I" in versions
    assert "rencana murni" in versions.split("[Sri Ekayani")[0]

    # the example sent back: what it does, in words, then the periods to choose from
    step = _after(step, "Perubahan rencana TPAKD-DS (dari versi 1, berkas rencana-perubahan-contoh.xlsx):")
    preview = step.split("\n── Pantau →")[0]
    assert (
        "3 target berubah, 1 target dipindah TW III → TW II, 1 kegiatan dihentikan mulai TW II, "
        "pagu UNK-03 Rp 175 jt → Rp 210 jt"
    ) in preview
    for line in (
        "• Pagu UNK-03: Rp 175 jt → Rp 210 jt",
        "• Target UGD-02 TW III: 60 → 66",
        "• Fisik UNK-03 TW III: 80% → 58%",
        "• Target UNK-02: 100 dipindah TW III → TW II",
        "• Kegiatan SALI-04 dihentikan mulai TW II (laporannya tetap disimpan)",
    ):
        assert line in preview
    step = _after(step, "Mulai periode mana perubahan ini berlaku?")
    assert "[1] Triwulan II 2022" in step and "Koreksi data" in step and "Triwulan I 2022" not in step.split("\n[")[0]

    # the period pressed, the basis typed, then the confirmation and Terapkan
    step = _after(step, "Berlaku mulai TW II.")
    step = _after(step, "Tulis dasar perubahan")
    step = _after(step, "Terapkan perubahan rencana TPAKD-DS?")
    assert f"Versi baru: 2\nBerlaku mulai: TW II\nDasar: {basis}" in step
    assert "[1] Terapkan   [2] Batal" in step
    step = _after(step, "✅ Rencana TPAKD-DS diubah: versi 2, berlaku mulai TW II.")
    assert _message_to(step, "grup Tim TPAKD-DS").startswith(
        f"📋 Rencana TPAKD-DS diubah: versi 2, berlaku mulai TW II, dasar: {basis} — 3 target berubah"
    )
    # each focal point whose activities changed: what changed for them only
    budi = _message_to(step, "chat pribadi Budi Santoso")
    assert "Untuk kegiatan DISKOPUKM (Dinas Koperasi dan UKM):" in budi
    assert "• Target UNK-02: 100 dipindah TW III → TW II" in budi and "SALI-04" not in budi
    dewi = _message_to(step, "chat pribadi Dewi Lubis")
    assert "• Kegiatan SALI-04 dihentikan mulai TW II (laporannya tetap disimpan)" in dewi and "UNK-02" not in dewi
    assert "Traceback" not in out

    # /rencana again: version 2 with its basis
    versions = _after(step, "[berkas disimpan: ")
    assert "rencana-TPAKD-DS-v2.xlsx]" in versions.split("\n")[0]
    versions = _after(versions, "v2 · 01-04-2022 · berlaku mulai TW II · oleh Sri Ekayani")
    assert versions.split("\n")[1] == f"Dasar: {basis}"

    # the chair's recap of TW II: the target in force beside the murni one, the stop
    recap = _after(step, "[Timur Tumanggor · Ketua · chat pribadi] >")
    assert "• UNK-02 UMKM memperoleh NIB dan sertifikat halal: target 200 UMKM (murni 100 UMKM)" in recap
    assert "• SALI-04 Kasus rentenir yang dilaporkan masyarakat: dihentikan mulai TW II (murni 10 kasus)" in recap
    # the S-curve after the change, saved under the files folder
    assert "Kurva S Seluruh tim" in recap and list((tmp_path / "files").glob("*.png"))


def _pantau(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env["PANTAU_DATABASE_URL"] = f"sqlite:///{tmp_path / 'pantau.db'}"
    return subprocess.run(
        [sys.executable, "-m", "pantau", *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )


def _mistake(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a mistake ends with (after the database's own log lines), exit code 2, no traceback."""
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("pantau: ")] == lines[-1:]
    return lines[-1]


def test_a_newcomer_changes_the_plan_on_the_command_line_as_the_readme_says(tmp_path: Path) -> None:
    """The README's plan commands: a later version needs its basis and its first period (never the closed periods
    unsaid), every mistake is one line with exit code 2 and writes nothing."""
    example = Path(__file__).resolve().parents[2] / "examples" / "tpakd-deli-serdang-2022.yaml"
    changed = tmp_path / "perubahan.yaml"
    text = example.read_text(encoding="utf-8")
    old = "Q4: {value: 300, budget: 60000000, physical: 100}"
    changed.write_text(text.replace(old, "Q4: {value: 320, budget: 60000000, physical: 100}"), encoding="utf-8")

    wrong = _pantau(tmp_path, "plan", "import", str(example), "--from", "Q9")
    assert _mistake(wrong) == "pantau: --from Q9: not a period of the team's year (2022-Q3 or Q3)"
    assert not (tmp_path / "pantau.db").exists()  # not even an empty database

    assert _pantau(tmp_path, "plan", "import", str(example)).returncode == 0
    database = (tmp_path / "pantau.db").read_bytes()
    unsaid = _pantau(tmp_path, "plan", "import", str(changed))
    mistake = _mistake(unsaid)
    assert mistake.startswith(f"pantau: {changed}: changing the plan of TPAKD-DS needs --basis (")
    assert ") and --from (" in mistake and mistake.endswith("; nothing was imported")
    no_period = _pantau(tmp_path, "plan", "import", str(changed), "--basis", "Perbup No. 45 Tahun 2022")
    assert _mistake(no_period).startswith(f"pantau: {changed}: changing the plan of TPAKD-DS needs --from (")
    assert (tmp_path / "pantau.db").read_bytes() == database

    done = _pantau(tmp_path, "plan", "import", str(changed), "--basis", "Perbup No. 45 Tahun 2022", "--from", "Q3")
    assert done.returncode == 0 and "version 2" in done.stdout and "applying from 2022-Q3" in done.stdout
    versions = _pantau(tmp_path, "plan", "versions", "--team", "TPAKD-DS").stdout.splitlines()
    number, _date, start, basis, _author, words = versions[1].split("\t")
    assert (number, start, basis, words) == ("2", "TW III", "Perbup No. 45 Tahun 2022", "1 target berubah")


def test_the_province_chair_ranks_the_regencies_and_a_regency_closes_tw1(tmp_path: Path) -> None:
    out = _sandbox(
        tmp_path,
        [
            ":sebagai ketua",
            ":grup",
            "/rekap",
            "/indikator KUR-UMKM",
            ":sebagai sekkab",
            ":pribadi",
            "/tutup TW1",
            ":sebagai focal3",
            ":keluar",
        ],
        "--province",
    )
    assert "[Leonard Ampung · Ketua · grup tim] >" in out
    # the sample reports of TW I: Lamandau first, Murung Raya, Gunung Mas, then the two that sent nothing
    ranked = [line.split()[2] for line in out.splitlines() if line[:3] in ("1. ", "2. ", "3. ", "4. ", "5. ")]
    assert ranked == ["TPAKD-LAMANDAU", "TPAKD-MURA", "TPAKD-GUMAS", "TPAKD-BARTIM", "TPAKD-PULPIS"]
    assert "capaian 95% Sangat Tinggi" in out
    assert "Total: 193 debitur (target 320 debitur)" in out
    # Lamandau's secretariat closes TW I on time; the province's group is told
    assert "Tim Percepatan Akses Keuangan Daerah Kabupaten Lamandau menutup TW I 2026: 6/6 laporan, tepat waktu" in out
    assert t("sandbox.roles", "id", roles="focal, focal2, sekkab, sekretariat, ketua, pemantau") in out


def test_the_chair_and_the_secretariat_build_the_plenary_agenda(tmp_path: Path) -> None:
    """/rapat in the sandbox (issue 16): the example's UGD-02 fills every section."""
    out = _sandbox(tmp_path, [":sebagai ketua", "/rapat", ":grup", ":sebagai sekretariat", "/rapat", ":keluar"])
    assert out.count("Agenda rapat pleno") == 2
    assert "── Pantau → grup Tim TPAKD-DS" in out
    assert "UGD-02 Pelatihan pemasaran digital bagi pelaku UMKM (DISKOMINFO): 30% (Sangat Rendah)" in out
    assert "fisik 5% dari rencana 20% (deviasi -15 poin)" in out
    assert "Anggaran/pencairan: Anggaran pelatihan belum cair" in out
    assert "Pencairan anggaran pelatihan UGD-02" in out and "lewat 7 hari" in out
    assert "Dengan laju ini UGD-02 berakhir ±24% (Sangat Rendah); perlu +63 UMKM per triwulan" in out


def test_the_secretariat_decides_in_the_group_by_replying(tmp_path: Path) -> None:
    """/putuskan in the sandbox's group: a typed line answers the bot's forced-reply question (privacy mode)."""
    out = _sandbox(tmp_path, [":grup", ":sebagai sekretariat", "/putuskan", "1", "Percepat pendampingan", ":keluar"])
    assert "mohon balas pesan ini" in out
    assert plain(t("actions.ask_org", page=1, pages=2)) in out


def test_the_secretariat_decides_and_the_focal_point_follows_up(tmp_path: Path) -> None:
    """/putuskan and /tindaklanjut in the sandbox (issue 16): the seeded decision for DISKOPUKM is closed by Budi."""
    lines = [":sebagai sekretariat", "/putuskan", "/batal", ":sebagai focal", "/tindaklanjut", "1"]
    out = _sandbox(
        tmp_path, [*lines, "Sudah 12 pendamping ditugaskan", ":sebagai sekretariat", "/tindaklanjut", ":keluar"]
    )
    assert "Keputusan rapat Tim Percepatan Akses Keuangan Daerah" in out and t("actions.button.other") in out
    assert plain(t("actions.cancelled")) in out
    assert "Pendampingan UMKM go digital" in out and t("actions.button.done") in out
    assert plain(t("actions.closed", id=1)) in out or "A1</b> selesai" in out or "A1 selesai" in out
    assert "Sudah 12 pendamping ditugaskan" in out and t("actions.button.reopen") in out


def test_evidence_later_is_reminded_and_sent_from_riwayat(tmp_path: Path) -> None:
    """Issue 17 item 4 in the sandbox: Budi's UNK-02 was sent with "bukti menyusul"; three working days later the
    scheduler reminds him, and /riwayat's "Kirim bukti" sends the photo as revision 2 without retyping anything."""
    lines = [":waktu 2022-04-06 08:00", ":tick", "/riwayat", ":tekan 2", ":foto", "1", "1", ":keluar"]
    out = _sandbox(tmp_path, lines)
    assert plain(t("reminders.evidence.head")).split("\n")[0] in out
    assert "Fasilitasi NIB dan sertifikasi halal bagi usaha mikro" in out
    assert t("report.button.send_evidence_n", n=1) in out
    assert "Bukti: 1 foto, 0 dokumen" in out
    assert "✅ Laporan terkirim (revisi 2)" in out


def test_obstacles_are_followed_in_the_sandbox(tmp_path: Path) -> None:
    """Issue 16 item 1 in the sandbox: /kendala lists the seeded obstacles (UGD-02's needing a decision first);
    a red UGD-01 report must name its obstacle; UNK-02's TW II report asks whether its obstacle is still there."""
    lines = [
        "/kendala",
        "/lapor",
        "1",  # UGD-01
        "1",  # TW I
        "10",  # 10 of 50 UMKM: Sangat Rendah
        "Lewati",
        "Lewati",
        "Lewati",  # refused: the obstacle is required
        "Pelaku UMKM belum punya ponsel pintar",
        "6",  # Mitra/lembaga keuangan
        "1",  # needs a decision
        "Lewati",
        "1",  # Selesai (no evidence)
        "Lewati",
        "1",  # Kirim
        "/lapor",
        "2",  # UNK-02
        "2",  # TW II
        "80",
        "Lewati",
        "Lewati",
        ":keluar",
    ]
    out = _sandbox(tmp_path, lines)
    kendala = _after(out, "Kendala terbuka")
    assert kendala.index("UGD-02") < kendala.index("UNK-02")
    assert "Auditor halal (LPH) baru bisa datang bulan depan" in kendala
    assert plain(t("obstacles.required.lowest_rating", rating="Sangat Rendah")) in out
    assert "Kendala: Pelaku UMKM belum punya ponsel pintar [Mitra/lembaga keuangan] · perlu keputusan pimpinan" in out
    assert "✅ Laporan terkirim" in out
    assert "Kendala sebelumnya (sejak Triwulan I 2022): Auditor halal (LPH) baru bisa datang bulan depan" in out
    assert t("obstacles.button.still") in out and t("obstacles.button.solved") in out
