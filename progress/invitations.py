"""Printable invitations: an A4 PDF of cards to cut, one per organization, each with a fresh one-time link.

    sheet = make_sheet(session, team_id, codes, now, bot_username)   # database: makes the invitations
    pdf = render_sheet(sheet)                                        # CPU (fpdf2, segno): call in a thread

Each card (four to a page, A6, dashed cut lines) has the organization's code and name, the team, a QR code of
``https://t.me/<bot>?start=<token>`` (segno), the link in text, three steps in Indonesian and the expiry. The
invitations are made with ``storage.people.create_invite`` (only the token's hash is stored; single use; the same
expiry as /undang), so the sheet is the only place the links exist: it is sent privately, never to a group.
The fonts are matplotlib's DejaVu Sans (already a dependency), so any name prints as written.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlmodel import Session

from domain.zones import team_zone
from storage import people
from storage.members import MembersError, organizations_to_invite
from texts import t
from texts.markup import esc, shorten

MAX_INVITATIONS = 200  # one sheet; more at once is a mistake (each is a live invitation)
PAGE_W, PAGE_H = 210.0, 297.0  # A4, mm
COLS, ROWS = 2, 2  # four A6 cards to a page
CARD_W, CARD_H = PAGE_W / COLS, PAGE_H / ROWS
PAD = 7.0  # inside a card, mm
QR_SIZE = 52.0  # mm: scans from arm's length, prints crisp (10 px per module, about 200 dpi)
DIGEST_SHOWN = 8  # organizations named in the digest's line
# fpdf2 subsets the fonts with fontTools, which logs every glyph table at INFO: nothing an operator needs
logging.getLogger("fontTools").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Invitation:
    """One card: for whom, and the link its QR code holds."""

    organization_code: str
    organization_name: str
    link: str


@dataclass(frozen=True)
class Sheet:
    team_code: str
    team_name: str
    expires: str  # the team's local time, dd/mm/yyyy HH:MM
    invitations: tuple[Invitation, ...]


class SheetError(Exception):
    """A refusal with a catalogue key and its values (already escaped for HTML)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def make_sheet(
    session: Session,
    team_id: int,
    codes: Iterable[str],
    now: datetime,
    bot_username: str,
    *,
    ttl: timedelta = people.DEFAULT_INVITE_TTL,
    created_by: int | None = None,
) -> Sheet:
    """Make one focal-point invitation per organization of the team without a focal point (or per organization
    named in ``codes``) and the sheet that prints them. Raises :class:`SheetError` when a code is none of the
    team's organizations, when there is nobody to invite, or for too many at once; nothing is made then."""
    try:
        members, chosen, unknown = organizations_to_invite(session, team_id, codes)
    except MembersError as exc:
        raise SheetError(exc.key, **{k: esc(v) for k, v in exc.values.items()}) from None
    if unknown:
        raise SheetError(
            "members.sheet.unknown",
            team=esc(members.team_code),
            codes=esc(", ".join(unknown)),
            choices=esc(", ".join(o.code for o in members.organizations) or "-"),
        )
    if not chosen:
        raise SheetError("members.sheet.none", team=esc(members.team_name))
    if len(chosen) > MAX_INVITATIONS:
        raise SheetError("members.sheet.too_many", n=MAX_INVITATIONS)
    cards: list[Invitation] = []
    expires_at = now + ttl
    for org in chosen:
        token, invite = people.create_invite(
            session, members.team_code, "focal_point", now, org_code=org.code, created_by=created_by, ttl=ttl
        )
        expires_at = invite.expires_at
        cards.append(Invitation(org.code, org.name, invite_link(bot_username, token)))
    expires = expires_at.astimezone(team_zone(members.timezone)).strftime("%d/%m/%Y %H:%M")
    return Sheet(members.team_code, members.team_name, expires, tuple(cards))


def sheet_filename(sheet: Sheet) -> str:
    """``undangan-TPAKD-DS.pdf``."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in sheet.team_code)
    return f"undangan-{safe}.pdf"


def qr_png(link: str) -> bytes:
    """The link's QR code as a PNG (error correction M, 10 pixels a module, the standard quiet zone)."""
    buf = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buf, kind="png", scale=10, border=4)
    return buf.getvalue()


def _fonts() -> tuple[str, str]:
    import matplotlib

    folder = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
    return os.path.join(folder, "DejaVuSans.ttf"), os.path.join(folder, "DejaVuSans-Bold.ttf")


def render_sheet(sheet: Sheet, lang: str = "id") -> bytes:
    """The PDF: four cards to an A4 page, dashed lines to cut along (CPU only)."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    regular, bold = _fonts()
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(t("members.sheet.title", lang) + " · " + sheet.team_name)
    pdf.set_creator("Pantau")
    per_page = COLS * ROWS
    for start in range(0, len(sheet.invitations), per_page):
        pdf.add_page()
        _cut_lines(pdf)
        for i, card in enumerate(sheet.invitations[start : start + per_page]):
            col, row = i % COLS, i // COLS
            _card(pdf, card, sheet, col * CARD_W, row * CARD_H, lang)
    return bytes(pdf.output())


def _cut_lines(pdf: FPDF) -> None:
    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=2, gap=2)
    for c in range(1, COLS):
        pdf.line(c * CARD_W, 0, c * CARD_W, PAGE_H)
    for r in range(1, ROWS):
        pdf.line(0, r * CARD_H, PAGE_W, r * CARD_H)
    pdf.set_dash_pattern()


def _text(pdf: FPDF, x: float, size: float, text: str, *, bold: bool = False, height: float | None = None) -> None:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.set_x(x + PAD)
    line = height if height is not None else size * 0.45
    pdf.multi_cell(CARD_W - 2 * PAD, line, text, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)


def _fitting_size(pdf: FPDF, text: str, largest: float, smallest: float) -> float:
    """The largest font size (by half points) at which ``text`` fits a card's width on one line."""
    size = largest
    while size > smallest:
        pdf.set_font("DejaVu", "", size)
        if pdf.get_string_width(text) <= CARD_W - 2 * PAD - 1:
            break
        size -= 0.5
    return size


def _card(pdf: FPDF, card: Invitation, sheet: Sheet, x: float, y: float, lang: str) -> None:
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(y + PAD)
    _text(pdf, x, 15, t("members.sheet.title", lang), bold=True)
    pdf.set_y(pdf.get_y() + 1.5)
    _text(pdf, x, 10, t("members.sheet.for", lang, org=card.organization_code))
    _text(pdf, x, 11, shorten(card.organization_name, 110), bold=True)
    pdf.set_text_color(80, 80, 80)
    _text(pdf, x, 8.5, shorten(sheet.team_name, 120))
    qr_y = max(pdf.get_y() + 3, y + 46)  # aligned across cards unless a name is long
    pdf.image(io.BytesIO(qr_png(card.link)), x=x + (CARD_W - QR_SIZE) / 2, y=qr_y, w=QR_SIZE, h=QR_SIZE)
    pdf.set_y(qr_y + QR_SIZE + 1)
    pdf.set_text_color(0, 0, 0)
    _text(pdf, x, _fitting_size(pdf, card.link, 7.5, 5.5), card.link)  # on one line when it can be
    pdf.set_y(pdf.get_y() + 3)
    for step in ("members.sheet.step1", "members.sheet.step2", "members.sheet.step3"):
        pdf.set_font("DejaVu", "", 8.5)
        pdf.set_x(x + PAD)
        pdf.multi_cell(CARD_W - 2 * PAD, 4, t(step, lang), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_y(pdf.get_y() + 0.8)
    pdf.set_text_color(80, 80, 80)
    pdf.set_y(y + CARD_H - PAD - 4)
    _text(pdf, x, 7.5, t("members.sheet.expires", lang, expires=sheet.expires))


def unconnected_line(organizations: Sequence[tuple[str, str]], lang: str = "id") -> str | None:
    """The weekly digest's line naming the organizations not yet connected (``storage.members``), by code;
    None when every organization is connected."""
    if not organizations:
        return None
    items = ", ".join(esc(code) for code, _name in organizations[:DIGEST_SHOWN])
    if len(organizations) > DIGEST_SHOWN:
        items += " " + t("members.digest.more", lang, n=len(organizations) - DIGEST_SHOWN)
    return t("members.digest.unconnected", lang, n=len(organizations), items=items)
