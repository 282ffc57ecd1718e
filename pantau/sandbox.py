"""``pantau sandbox``: the whole bot offline, in a terminal chat, on a throwaway database seeded with a plan.

The emulator plays Telegram; you play the people of the example team. Inline buttons are shown numbered and pressed
by typing the number; photos and files the bot sends are saved to a folder and their paths printed.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import io
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

from domain.plan import Plan, PlanActivity
from domain.zones import team_zone
from emulator.state import Chat, SentMessage, User
from pantau.local import Clock, LocalBot
from pantau.settings import Settings
from storage import people
from texts import t

REPO_EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEFAULT_PLAN = REPO_EXAMPLES / "tpakd-deli-serdang-2022.yaml"


@dataclass(frozen=True)
class Persona:
    key: str
    user_id: int
    name: str
    role: str
    org: str | None = None
    team: str | None = None  # None: the sandbox's team (the province in --province)


PERSONAS = (
    Persona("focal", 1001, "Budi Santoso", "focal_point", "DISKOPUKM"),
    Persona("focal2", 1006, "Rina Siregar", "focal_point", "DISDIK"),
    # OJK reports the rentenir cases, an indicator that must go down (arah: turun)
    Persona("focal3", 1007, "Dewi Lubis", "focal_point", "OJK-KR5"),
    Persona("sekretariat", 1002, "Sri Ekayani", "secretariat"),
    Persona("ketua", 1003, "Timur Tumanggor", "chair"),
    Persona("pemantau", 1004, "Pemantau OJK", "viewer"),
)
PROVINCE_PLAN = REPO_EXAMPLES / "tpakd-kalteng-2026.yaml"
REGENCY_PLANS = sorted((REPO_EXAMPLES / "kalteng").glob("*.yaml"))
PROVINCE_PERSONAS = (
    Persona("focal", 2001, "Rudi Hartono", "focal_point", "BANKKALTENG-NANGABULIK", "TPAKD-LAMANDAU"),
    Persona("focal2", 2006, "Maria Ngabut", "focal_point", "DISKOPUKM-GUMAS", "TPAKD-GUMAS"),
    # the regency's secretariat closes TW I for the province (/tutup TW1)
    Persona("sekkab", 2005, "Yohana Saputri", "secretariat", None, "TPAKD-LAMANDAU"),
    Persona("sekretariat", 2002, "Sari Rahayu", "secretariat"),
    Persona("ketua", 2003, "Leonard Ampung", "chair"),
    Persona("pemantau", 2004, "Pemantau OJK Kalteng", "viewer"),
)
# TW I's sample reports: the share of each target reached, per regency (the others have reported nothing yet)
SAMPLE_LEVELS = {"TPAKD-LAMANDAU": 0.95, "TPAKD-MURA": 0.8, "TPAKD-GUMAS": 0.6}
ROLE_WORDS = {
    "focal": "focal",
    "focal_point": "focal",
    "fp": "focal",
    "focal2": "focal2",
    "focal3": "focal3",
    "ojk": "focal3",
    "sekretariat": "sekretariat",
    "secretariat": "sekretariat",
    "ketua": "ketua",
    "chair": "ketua",
    "pemantau": "pemantau",
    "viewer": "pemantau",
    "sekkab": "sekkab",
}


def sample_photo() -> bytes:
    """A small picture to send as evidence when no file is given."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3), dpi=80)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, "Foto kegiatan\n(contoh sandbox)", ha="center", va="center", fontsize=16)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


class Sandbox:
    def __init__(
        self,
        local: LocalBot,
        team_code: str,
        team_tz: str,
        files: Path,
        lang: str,
        personas: tuple[Persona, ...] = PERSONAS,
    ) -> None:
        self.personas = personas
        self.local = local
        self.team_code = team_code
        self.tz = team_zone(team_tz)
        self.files = files
        self.lang = lang
        self.users: dict[str, User] = {}
        self.persona = personas[0]
        self.group: Chat | None = None
        self.in_group = False
        self.chat_names: dict[int, str] = {}

    @property
    def user(self) -> User:
        return self.users[self.persona.key]

    @property
    def chat_id(self) -> int:
        return self.group.id if self.in_group and self.group else self.user.id

    async def seed_people(self) -> None:
        emu = self.local.emu
        now = self.local.clock()
        for persona in self.personas:
            user = emu.user(
                persona.user_id,
                persona.name.split()[0],
                last_name=" ".join(persona.name.split()[1:]) or None,
                language_code=self.lang,
            )
            self.users[persona.key] = user
            self.chat_names[user.id] = t("sandbox.chat.private", self.lang, name=persona.name)

            def grant(session: object, p: Persona = persona) -> None:
                person = people.upsert_person(session, p.user_id, p.name, now, private_chat=True)  # type: ignore[arg-type]
                team = people.team_by_code(session, p.team or self.team_code)  # type: ignore[arg-type]
                org = people.org_by_code(session, p.org) if p.org else None  # type: ignore[arg-type]
                assert team is not None
                people.grant_role(session, person, team, p.role, org, now)  # type: ignore[arg-type]

            await self.local.run(grant)
            await self.local.act(user.id, functools.partial(emu.send_text, user, "/start"))
        sekre = self.users["sekretariat"]
        group = self.group = emu.group(title=f"Tim {self.team_code}")
        self.chat_names[group.id] = t("sandbox.chat.group", self.lang, title=group.title)
        await self.local.act(group.id, lambda: emu.add_bot_to_group(sekre, group))
        await self.local.act(group.id, lambda: emu.send_text(sekre, f"/hubungkan {self.team_code}", chat=group))

    def _forced_reply(self, chat: Chat | None) -> SentMessage | None:
        """In the group, the bot's latest message when it asks for a reply (``ForceReply``, e.g. /putuskan's steps):
        the typed line answers it, as Telegram's app does (privacy mode shows the bot only the replies to it)."""
        if chat is None:
            return None
        sent = self.local.emu.sent(chat.id)
        if sent and (sent[-1].reply_markup or {}).get("force_reply"):
            return sent[-1]
        return None

    def prompt(self) -> str:
        where = t("sandbox.where.group" if self.in_group else "sandbox.where.private", self.lang)
        return f"[{self.persona.name} · {t(f'core.role.{self.persona.role}', self.lang)} · {where}] > "

    def show(self, messages: list[SentMessage]) -> None:
        for message in messages:
            label = self.chat_names.get(message.chat_id, str(message.chat_id))
            edited = t("sandbox.edited", self.lang) if message.edits else ""
            print(f"\n── Pantau → {label}{edited}")
            if message.photo is not None:
                path = self._save(message, message.photo, "png")
                print(t("sandbox.photo_saved", self.lang, path=path))
            if message.document is not None:
                path = self._save(
                    message, message.document, (message.file_name or "file").rsplit(".", 1)[-1], message.file_name
                )
                print(t("sandbox.file_saved", self.lang, path=path))
            body = message.text if message.text is not None else message.caption
            if body:
                print(body)
            n = 0
            for row in message.buttons:
                cells = []
                for label_text, _data in row:
                    n += 1
                    cells.append(f"[{n}] {label_text}")
                print("   " + "   ".join(cells))
            keyboard = (message.reply_markup or {}).get("keyboard")
            if keyboard:
                print(
                    "   "
                    + t(
                        "sandbox.reply_keyboard",
                        self.lang,
                        buttons=" | ".join(b.get("text", "") for row in keyboard for b in row),
                    )
                )
        print()

    def _save(self, message: SentMessage, data: bytes, ext: str, name: str | None = None) -> Path:
        self.files.mkdir(parents=True, exist_ok=True)
        path = self.files / (name or f"chat{message.chat_id}-msg{message.message_id}.{ext}")
        path.write_bytes(data)
        return path.resolve()

    def _latest_has_button(self, number: int) -> bool:
        """A bare number presses a button only when the bot's latest message here offers that many;
        otherwise it is an answer (a realised value of 45 is not "button 45")."""
        sent = self.local.emu.sent(self.chat_id)
        if not sent:
            return False
        flat = [label for row in sent[-1].buttons for label, _ in row]
        return 1 <= number <= len(flat)

    def _button(self, number: int) -> tuple[SentMessage, str]:
        for message in reversed(self.local.emu.sent(self.chat_id)):
            flat = [label for row in message.buttons for label, _ in row]
            if flat:
                if not 1 <= number <= len(flat):
                    raise ValueError(t("sandbox.no_such_button", self.lang, n=number, max=len(flat)))
                return message, flat[number - 1]
        raise ValueError(t("sandbox.no_buttons", self.lang))

    async def handle(self, line: str) -> bool:
        """One line typed by the person; returns False to quit."""
        emu, local = self.local.emu, self.local
        line = line.strip()
        if not line:
            return True
        if line.isdigit() and self._latest_has_button(int(line)):
            message, label = self._button(int(line))
            if not any(d for row in message.buttons for lbl, d in row if lbl == label and d and d.startswith("http")):
                self.show(await local.act(None, lambda: emu.press_button(self.user, message, text=label)))
            else:
                print(t("sandbox.link_button", self.lang))
            return True
        if not line.startswith(":"):
            chat = self.group if self.in_group else None
            asked = self._forced_reply(chat)
            self.show(await local.act(None, lambda: emu.send_text(self.user, line, chat=chat, reply_to=asked)))
            return True
        command, _, rest = line[1:].partition(" ")
        command, rest = command.lower(), rest.strip()
        chat = self.group if self.in_group else None
        if command in ("keluar", "quit", "exit", "q"):
            return False
        if command in ("teks", "text"):
            self.show(await local.act(None, lambda: emu.send_text(self.user, rest, chat=chat)))
            return True
        if command in ("tekan", "press"):
            message, label = self._button(int(rest)) if rest.isdigit() else self._button(0)
            self.show(await local.act(None, lambda: emu.press_button(self.user, message, text=label)))
            return True
        if command in ("bantuan", "help", "?"):
            print(t("sandbox.help", self.lang))
        elif command in ("grup", "group"):
            self.in_group = True
            print(t("sandbox.switched", self.lang, where=self.chat_names[self.chat_id]))
        elif command in ("pribadi", "private"):
            self.in_group = False
            print(t("sandbox.switched", self.lang, where=self.chat_names[self.chat_id]))
        elif command in ("sebagai", "as", "peran", "role"):
            key = ROLE_WORDS.get(rest.lower())
            if key is None:
                print(t("sandbox.roles", self.lang, roles=", ".join(p.key for p in self.personas)))
            else:
                found = next((p for p in self.personas if p.key == key), None)
                if found is None:
                    print(t("sandbox.roles", self.lang, roles=", ".join(p.key for p in self.personas)))
                    return True
                self.persona = found
                print(
                    t(
                        "sandbox.now_as",
                        self.lang,
                        name=self.persona.name,
                        role=t(f"core.role.{self.persona.role}", self.lang),
                    )
                )
        elif command in ("foto", "photo"):
            data = await asyncio.to_thread(Path(rest).read_bytes) if rest else sample_photo()
            self.show(await local.act(None, lambda: emu.send_photo(self.user, data, chat=chat)))
        elif command in ("dokumen", "document", "file"):
            if not rest:
                print(t("sandbox.need_file", self.lang))
            else:
                path = Path(rest)
                data = await asyncio.to_thread(path.read_bytes)
                self.show(
                    await local.act(
                        None,
                        lambda: emu.send_document(self.user, data, path.name, "application/octet-stream", chat=chat),
                    )
                )
        elif command in ("lokasi", "location"):
            parts = rest.replace(",", " ").split()
            lat, lon = (float(parts[0]), float(parts[1])) if len(parts) == 2 else (3.5376, 98.8731)  # Lubuk Pakam
            self.show(await local.act(None, lambda: emu.send_location(self.user, lat, lon, chat=chat)))
        elif command in ("stiker", "sticker"):
            self.show(await local.act(None, lambda: emu.send_sticker(self.user, chat=chat)))
        elif command in ("suara", "voice"):
            self.show(await local.act(None, lambda: emu.send_voice(self.user, chat=chat)))
        elif command in ("waktu", "time"):
            if rest:
                when = datetime.strptime(rest, "%Y-%m-%d %H:%M").replace(tzinfo=self.tz)
                local.clock.set(when.astimezone(UTC))
            print(t("sandbox.time", self.lang, now=local.clock().astimezone(self.tz).strftime("%A %d-%m-%Y %H:%M")))
        elif command in ("tick", "jadwal"):
            from jobs.tick import tick

            assert local.app is not None
            mark = emu.marker()
            report = await tick(local.db, local.app.bot_data["pantau.services"].notifier, local.clock())  # type: ignore[arg-type]
            self.show(local.changes_since(mark, None))
            print(t("sandbox.ticked", self.lang, sent=getattr(report, "sent", 0)))
        else:
            print(t("sandbox.unknown", self.lang, command=command))
        return True


EXAMPLE_CHANGE = "rencana-perubahan-contoh.xlsx"


def example_change(plan: Plan) -> Plan:
    """The example plan changed the way an APBD Perubahan does, for the secretariat to send back in the sandbox:
    the first per-period activity's targets from the third period on up 10 %, the second's third-period target
    moved into the second period, the third's ceiling up 20 % with its next-to-last planned physical % halfway back to
    the one before (so the S-curve parts from the plan murni's faint line), and the last activity left out
    (stopped)."""
    per_period = [a for _, a in plan.activities() if a.kind == "per_periode" and len(a.targets) >= 3]
    edits: dict[str, PlanActivity] = {}
    if per_period:
        first = per_period[0]
        edits[first.code] = replace(
            first,
            targets=tuple(
                replace(t, value=round(t.value * 1.1, 1)) if i >= 2 and t.value_range is None else t
                for i, t in enumerate(first.targets)
            ),
        )
    if len(per_period) > 1:
        second = per_period[1]
        targets = list(second.targets)
        if targets[1].value_range is None and targets[2].value_range is None:
            targets[1] = replace(targets[1], value=targets[1].value + targets[2].value)
            targets[2] = replace(targets[2], value=0.0)
        edits[second.code] = replace(second, targets=tuple(targets))
    if len(per_period) > 2 and per_period[2].budget_ceiling:
        third = per_period[2]
        targets = list(third.targets)
        before, later = targets[-3].physical, targets[-2].physical
        if before is not None and later is not None:  # the added work re-phased: its planned physical % slower
            targets[-2] = replace(targets[-2], physical=round((before + later) / 2))
        edits[third.code] = replace(
            third, budget_ceiling=int((third.budget_ceiling or 0) * 1.2), targets=tuple(targets)
        )
    last = [a for _, a in plan.activities()][-1].code
    programs = tuple(
        replace(p, activities=tuple(edits.get(a.code, a) for a in p.activities if a.code != last))
        for p in plan.programs
    )
    return replace(plan, programs=programs)


def _write_example_change(plan: Plan, files: Path) -> Path:
    from planfile.write import xlsx_bytes

    files.mkdir(parents=True, exist_ok=True)
    path = files / EXAMPLE_CHANGE
    path.write_bytes(xlsx_bytes(example_change(plan)))
    return path


def _seed_sample_reports(session: Session, now: datetime) -> int:
    """TW I's reports of three regencies (``SAMPLE_LEVELS``), so the province's screens have something to rank:
    written as the bot would store a verified (Lamandau, Murung Raya) or submitted (Gunung Mas) report."""
    from sqlmodel import col, select

    from storage.models import Activity, Program, Report, ReportRevision, Target, Team

    written = 0
    for code, level in SAMPLE_LEVELS.items():
        team = session.exec(select(Team).where(Team.code == code)).first()
        if team is None or team.id is None:
            continue
        period_key = f"{team.year}-Q1"
        reporter = people.upsert_person(session, 2900 + (team.id or 0), f"Pelapor contoh {code}", now)
        rows = session.exec(
            select(Activity, Target)
            .join(Program, col(Program.id) == col(Activity.program_id))
            .join(Target, col(Target.activity_id) == col(Activity.id))
            .where(Program.team_id == team.id, Target.period_key == period_key)
            .order_by(col(Activity.id))
        ).all()
        status = "submitted" if code == "TPAKD-GUMAS" else "verified"
        for activity, target in rows:
            factor = 2 - level if activity.direction == "turun" else level
            report = Report(
                activity_id=activity.id or 0,
                period_key=period_key,
                revision_count=1,
                status=status,
                first_submitted_at=now,
                on_time=True,
            )
            session.add(report)
            session.flush()
            revision = ReportRevision(
                report_id=report.id or 0,
                number=1,
                draft_id=f"sample-{code}-{activity.code}",
                value=round(target.value * factor, 1),
                budget_spent=None if target.planned_budget is None else int(target.planned_budget * level),
                physical_pct=None if target.planned_physical is None else round(target.planned_physical * level, 1),
                reporter_id=reporter.id or 0,
                submitted_at=now,
            )
            session.add(revision)
            session.flush()
            report.current_revision_id = revision.id
            written += 1
    return written


def _seed_agenda_example(session: Session, now: datetime) -> None:
    """What /rapat's sections show in the sandbox (issue 16): UGD-02 of DISKOMINFO (no persona reports for it)
    reported far behind in the first period (12 of 40 UMKM, physical 5% of a planned 20%: the lowest rating, a
    critical deviation, an early warning), an open obstacle of it that needs a decision, and an action on it past its
    due date."""
    from datetime import timedelta

    from sqlmodel import select

    from storage.models import ActionItem, Activity, Obstacle, Organization, Program, Report, ReportRevision, Team

    found = session.exec(
        select(Activity, Team)
        .join(Program, Program.id == Activity.program_id)  # type: ignore[arg-type]
        .join(Team, Team.id == Program.team_id)  # type: ignore[arg-type]
        .where(Activity.code == "UGD-02")
    ).first()
    org = session.exec(select(Organization).where(Organization.code == "DISKOMINFO")).first()
    if found is None or org is None:  # another plan than the example's
        return
    activity, team = found
    if activity.id is None or team.id is None or org.id is None:
        return
    period_key = f"{team.year}-Q1" if team.period_kind == "quarter" else f"{team.year}-01"
    reporter = people.upsert_person(session, 1900, "Pelapor contoh DISKOMINFO", now)
    report = Report(activity_id=activity.id, period_key=period_key, first_submitted_at=now - timedelta(days=2))
    session.add(report)
    session.flush()
    revision = ReportRevision(
        report_id=report.id or 0,
        number=1,
        draft_id="sample-agenda-UGD-02",
        value=12,
        budget_spent=6_000_000,
        physical_pct=5,
        obstacles="Anggaran pelatihan belum cair",
        reporter_id=reporter.id or 0,
        submitted_at=now - timedelta(days=2),
    )
    session.add(revision)
    session.flush()
    report.current_revision_id = revision.id
    session.add(
        Obstacle(
            team_id=team.id,
            activity_id=activity.id,
            category="anggaran",
            description="Anggaran pelatihan belum cair: DPA perubahan belum ditetapkan",
            needs_decision=True,
            opened_period_key=period_key,
            opened_revision_id=revision.id,
            opened_at=now - timedelta(days=20),
            updated_at=now - timedelta(days=2),
        )
    )
    session.add(
        ActionItem(
            team_id=team.id,
            activity_id=activity.id,
            topic="Pencairan anggaran pelatihan UGD-02",
            decision="BPKAD mempercepat pencairan; DISKOMINFO menyiapkan jadwal pelatihan",
            organization_id=org.id,
            due_date=(now - timedelta(days=7)).date(),
            created_at=now - timedelta(days=30),
        )
    )
    session.flush()


def _seed_action_example(session: Session, now: datetime) -> None:
    """An open decision of the plenary for the focal persona's DISKOPUKM, due in two weeks (issue 16): what
    ``/tindaklanjut`` lists to Budi and to the secretariat."""
    from datetime import timedelta

    from sqlmodel import select

    from storage.models import ActionItem, Organization, Team

    team = session.exec(select(Team).where(Team.code == "TPAKD-DS")).first()
    org = session.exec(select(Organization).where(Organization.code == "DISKOPUKM")).first()
    if team is None or org is None or team.id is None or org.id is None:  # another plan than the example's
        return
    session.add(
        ActionItem(
            team_id=team.id,
            topic="Pendampingan UMKM go digital",
            decision="DISKOPUKM menambah pendamping onboarding marketplace di tiap kecamatan",
            organization_id=org.id,
            due_date=(now + timedelta(days=14)).date(),
            created_at=now - timedelta(days=1),
        )
    )
    session.flush()


def _seed_evidence_later_example(session: Session, now: datetime) -> None:
    """Budi's TW I report of UNK-02 sent with "bukti menyusul" (issue 17): /riwayat offers "Kirim bukti", and the
    reminder comes three working days later at 08:00 (``:waktu`` then ``:tick``)."""
    from sqlmodel import select

    from storage.models import Activity, Program, Report, ReportRevision, Team

    found = session.exec(
        select(Activity, Team)
        .join(Program, Program.id == Activity.program_id)  # type: ignore[arg-type]
        .join(Team, Team.id == Program.team_id)  # type: ignore[arg-type]
        .where(Activity.code == "UNK-02", Team.code == "TPAKD-DS")
    ).first()
    if found is None or found[0].id is None:  # another plan than the example's
        return
    activity, team = found
    reporter = people.upsert_person(session, 1001, "Budi Santoso", now)
    report = Report(
        activity_id=activity.id or 0, period_key=f"{team.year}-Q1", first_submitted_at=now, revision_count=1
    )
    session.add(report)
    session.flush()
    revision = ReportRevision(
        report_id=report.id or 0,
        number=1,
        draft_id="sample-evidence-later-UNK-02",
        value=42,
        budget_spent=25_000_000,
        physical_pct=12,
        reporter_id=reporter.id or 0,
        submitted_at=now,
        evidence_later=True,
    )
    session.add(revision)
    session.flush()
    report.current_revision_id = revision.id
    session.add(report)


def _seed_obstacle_example(session: Session, now: datetime) -> None:
    """An open obstacle of Budi's UNK-02, opened by its TW I report (issue 16): /kendala lists it (after UGD-02's,
    which needs a decision), and Budi's /lapor of UNK-02 for TW II asks "masih terjadi?". His UGD-01 is not reported:
    a low value for it (e.g. 10 of 50 UMKM, Sangat Rendah) makes the obstacle required."""
    from datetime import timedelta

    from sqlmodel import select

    from storage.models import Activity, Obstacle, Program, Report, Team

    found = session.exec(
        select(Activity, Team, Report)
        .join(Program, Program.id == Activity.program_id)  # type: ignore[arg-type]
        .join(Team, Team.id == Program.team_id)  # type: ignore[arg-type]
        .join(Report, Report.activity_id == Activity.id)  # type: ignore[arg-type]
        .where(Activity.code == "UNK-02", Team.code == "TPAKD-DS")
    ).first()
    if found is None or found[0].id is None or found[1].id is None:  # another plan than the example's
        return
    activity, team, report = found
    session.add(
        Obstacle(
            team_id=team.id or 0,
            activity_id=activity.id or 0,
            category="mitra",
            description="Auditor halal (LPH) baru bisa datang bulan depan",
            needs_decision=False,
            opened_period_key=report.period_key,
            opened_revision_id=report.current_revision_id,
            opened_at=now - timedelta(days=3),
            updated_at=now - timedelta(days=3),
        )
    )
    session.flush()


def _import_first_version(session: Session, plan: Plan, now: datetime) -> None:
    from storage.plan_versions import apply_change, prepare_change

    apply_change(session, prepare_change(session, plan), now=now, author="sandbox")


async def _main(args: argparse.Namespace, settings: Settings) -> int:
    from planfile.read import PlanFileError, load_plan
    from storage import migrate

    province = bool(getattr(args, "province", False))
    plan_path = Path(args.plan) if args.plan else PROVINCE_PLAN if province else DEFAULT_PLAN
    lang = settings.language
    if not plan_path.exists():
        print(t("sandbox.no_plan", lang, path=plan_path), file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="pantau-sandbox-"))
    db_url = args.database or f"sqlite:///{tmp / 'sandbox.db'}"
    try:
        migrate.upgrade(db_url)
        try:
            plan = load_plan(plan_path)
        except PlanFileError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        team = plan.team
        tz = team_zone(team.timezone)
        # Start just after the first period ends, in office hours, so that there is something to report.
        from domain.calendar import add_working_days
        from domain.periods import periods_of_year

        first = periods_of_year(team.year, team.period)[0]  # type: ignore[arg-type]
        day = add_working_days(first.end, 1)
        start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=tz)
        clock = Clock(start.astimezone(UTC), running=True)
        local = LocalBot(db_url, clock=clock, bot_username="pantau_sandbox_bot", language=lang)
        await local.start()
        try:
            await local.run(_import_first_version, plan, clock())
            personas = PERSONAS
            if province:  # the regencies under it, and the reports of three of them
                for path in REGENCY_PLANS:
                    await local.run(_import_first_version, load_plan(path), clock())
                personas = PROVINCE_PERSONAS
            example = _write_example_change(plan, Path(args.files))
            box = Sandbox(local, team.code, team.timezone, Path(args.files), lang, personas)
            await box.seed_people()
            if not province:  # Budi's report sent with "bukti menyusul": "Kirim bukti" in /riwayat (issue 17)
                await local.run(_seed_evidence_later_example, clock())
                await local.run(_seed_obstacle_example, clock())  # an open obstacle of UNK-02 (issue 16)
            if not province:  # an open action for the focal persona's /tindaklanjut (issue 16)
                await local.run(_seed_action_example, clock())
            if province:
                await local.run(_seed_sample_reports, clock())
            else:  # what /rapat shows (issue 16)
                await local.run(_seed_agenda_example, clock())
            print(
                t(
                    "sandbox.welcome",
                    lang,
                    team=team.name,
                    db=db_url if args.database else tmp,
                    files=args.files,
                )
            )
            print(t("sandbox.help", lang))
            print(t("sandbox.plan_example", lang, path=example))
            if province:
                print(t("sandbox.province", lang))
            while True:
                try:
                    line = await asyncio.to_thread(input, box.prompt())
                except EOFError:
                    break
                try:
                    if not await box.handle(line):
                        break
                except (ValueError, OSError) as exc:
                    print(f"! {exc}")
        finally:
            await local.close()
    finally:
        if not args.database:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def run_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    import logging

    if "PANTAU_LOG_LEVEL" not in os.environ:  # the terminal is the chat: keep INFO logs out of it
        logging.getLogger().setLevel(logging.WARNING)
    args.files = os.path.abspath(args.files)
    try:
        return asyncio.run(_main(args, settings))
    except KeyboardInterrupt:
        return 130
