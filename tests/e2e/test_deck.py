"""/bahanrapat over HTTP: the deck arrives as a document readable by python-pptx, in the team's group and privately;
a focal point is refused; a period that is not the team's lists the choices."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation

from tests.e2e.harness import plain, running_bot
from tests.e2e.test_sandbox import _sandbox
from tests.progress.deck_example import seed_example
from texts import t


def _titles(document: bytes) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in Presentation(io.BytesIO(document)).slides]


async def test_bahanrapat_in_the_group_and_privately(db_url: str) -> None:
    async with running_bot(db_url, seed=False) as h:  # 4 April 2022: the deck lands on Triwulan I
        await h.run(seed_example)
        chair = h.user("Pak Sekda")
        sekre = h.user("Bu Sri")
        focal = h.user("Budi")
        await h.grant(chair, "TPAKD-DS", "chair")
        await h.grant(sekre, "TPAKD-DS", "secretariat")
        await h.grant(focal, "TPAKD-DS", "focal_point", "DISKOPUKM")
        group = h.group("TPAKD Deli Serdang")
        await h.do(group.id, lambda: h.emu.add_bot_to_group(sekre, group))
        await h.say(sekre, "/hubungkan TPAKD-DS", chat=group)

        preparing, sent = await h.say(chair, "/bahanrapat", chat=group)
        assert preparing.text == plain(t("deck.preparing"))
        assert sent.chat_id == group.id and sent.file_name == "bahan-rapat-TPAKD-DS-2022-Q1.pptx"
        assert "Triwulan I 2022" in (sent.caption or "")
        assert sent.document is not None
        titles = _titles(sent.document)
        assert titles[:2] == ["Bahan Rapat Pleno", "Ringkasan Triwulan I 2022"]
        assert "Program UGD: UMKM Go Digital" in titles and "Tindak lanjut yang masih terbuka" in titles
        assert "upload_document" in [c.params.get("action") for c in h.emu.calls("sendChatAction")]

        preparing, sent = await h.say(sekre, "/bahanrapat TW2")
        assert preparing.text == plain(t("deck.preparing"))
        assert sent.chat_id == sekre.id and sent.file_name == "bahan-rapat-TPAKD-DS-2022-Q2.pptx"
        assert sent.document is not None and _titles(sent.document)[1] == "Ringkasan Triwulan II 2022"

        for chat in (None, group):
            out = await h.say(focal, "/bahanrapat", chat=chat)  # type: ignore[arg-type]
            assert [m.text for m in out] == [plain(t("core.not_allowed"))]
            assert all(m.document is None for m in out)

        [wrong] = await h.say(chair, "/bahanrapat TW9")
        assert "Triwulan I 2022" in (wrong.text or "") and "Triwulan IV 2022" in (wrong.text or "")


def test_bahanrapat_in_the_sandbox(tmp_path: Path) -> None:
    """The sandbox's chair gets the deck, saved under its files folder; its focal point is refused."""
    out = _sandbox(tmp_path, ["/bahanrapat", ":sebagai ketua", "/bahanrapat", ":keluar"])
    assert plain(t("core.not_allowed")) in out
    assert t("deck.preparing") in out
    [saved] = (tmp_path / "files").glob("bahan-rapat-TPAKD-DS-*.pptx")
    assert str(saved.resolve()) in out
    assert _titles(saved.read_bytes())[0] == "Bahan Rapat Pleno"
