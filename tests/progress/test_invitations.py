"""The printable invitations: the PDF opens, has one card per organization without a focal point (four to a page),
each card's QR code decodes to its one-time link (read back with pypdf and zxing-cpp), and the digest's line."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import zxingcpp
from pypdf import PdfReader

from progress.invitations import (
    Invitation,
    Sheet,
    SheetError,
    make_sheet,
    render_sheet,
    sheet_filename,
    unconnected_line,
)
from storage import people
from storage.db import make_sync_engine, session_scope
from tests.worlds import WorldBuilder
from texts import t

NOW = datetime(2026, 4, 6, 2, tzinfo=UTC)


def _codes(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for page in reader.pages:
        for image in page.images:
            found += [code.text for code in zxingcpp.read_barcodes(image.image)]
    return found


def test_the_sheet_prints_a_card_per_invitation_and_its_qr_codes_decode_to_the_links() -> None:
    cards = tuple(
        Invitation(
            f"OPD-{n}",
            "Dinas Koperasi, Usaha Kecil & Menengah — Kab. Łódź 🙂" * (n % 3 + 1),
            f"https://t.me/pantau_bot?start=tok{n}_{'x' * 28}",
        )
        for n in range(5)
    )
    pdf = render_sheet(Sheet("TIM-A", "Tim Percepatan Akses Keuangan Daerah", "13/04/2026 09:00", cards))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # four cards to a page
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [595, 842]  # A4 in points
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert text.count(t("members.sheet.title")) == 5
    for step in ("members.sheet.step1", "members.sheet.step2", "members.sheet.step3"):
        assert text.count(t(step)[:20]) == 5
    assert "berlaku sampai 13/04/2026 09:00" in text
    assert _codes(pdf) == [c.link for c in cards]
    assert sheet_filename(Sheet("TIM A/1", "x", "y", ())) == "undangan-TIM-A-1.pdf"


def test_make_sheet_makes_one_invitation_per_organization_without_a_focal_point(sqlite_url: str) -> None:
    engine = make_sync_engine(sqlite_url)
    with session_scope(engine) as session:
        w = WorldBuilder(session, NOW)
        team = w.team("TIM-A", "Tim A", timezone="Asia/Makassar")
        orgs = {code: w.org(team, code, f"Dinas {code}") for code in ("OPD-1", "OPD-2", "OPD-3")}
        w.person(1, "Budi", team, "focal_point", orgs["OPD-2"])
        sheet = make_sheet(session, team, [], NOW, "pantau_bot")
        assert [c.organization_code for c in sheet.invitations] == ["OPD-1", "OPD-3"]
        assert sheet.expires == "13/04/2026 10:00"  # seven days, in WITA
        tokens = [c.link.removeprefix("https://t.me/pantau_bot?start=") for c in sheet.invitations]
        assert all(len(token) >= 32 for token in tokens)
        # each link registers its organization's focal point, once
        grant = people.redeem_invite(session, tokens[0], 77, "Wati", NOW)
        assert (grant.role, grant.organization_code) == ("focal_point", "OPD-1")
        with pytest.raises(people.PeopleError):
            people.redeem_invite(session, tokens[0], 78, "Telat", NOW)
        named = make_sheet(session, team, ["opd-2"], NOW, "pantau_bot")
        assert [c.organization_code for c in named.invitations] == ["OPD-2"]
        with pytest.raises(SheetError) as refused:
            make_sheet(session, team, ["OPD-9"], NOW, "pantau_bot")
        assert refused.value.key == "members.sheet.unknown"
        assert _codes(render_sheet(sheet)) == [c.link for c in sheet.invitations]
    engine.dispose()


def test_the_digest_line_names_the_unconnected() -> None:
    assert unconnected_line([]) is None
    line = unconnected_line([(f"OPD-{n}", "x") for n in range(10)])
    assert line == t(
        "members.digest.unconnected", n=10, items=", ".join(f"OPD-{n}" for n in range(8)) + " dan 2 lainnya"
    )
