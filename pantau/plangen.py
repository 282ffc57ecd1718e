"""A large synthetic team written straight into the database, for benchmarks and load tests of the bot.

A real plan goes through the YAML file and :func:`storage.plan.apply_plan`; this generator skips both and inserts
rows in bulk (core ``INSERT … VALUES`` in batches, ids back through ``RETURNING``), because 60 organizations ×
3,000 activities × 12 months with a year of report history is some 150,000 rows and must load in well under a
minute on SQLite and PostgreSQL alike. Everything is drawn from one seeded ``random.Random``: the same arguments
give the same team. About one activity in eight is an outcome indicator read otherwise than "a count, higher is
better" (a rate that must fall, a coverage level, cases that must become fewer), drawn from a second seeded generator
so the rest of the team is what it was before they existed.

A synthetic province (:func:`generate_province`) is a parent team, monitoring only (its secretariat and chair, no
plan of its own), over N child teams generated as above, each with ``parent_id`` set. A share of each child's
activities carries a shared indicator code (``Activity.shared_code``: KUR-UMKM, SIMPEL-REKENING, …) with the
indicator, unit and measure that code stands for, so the parent can add up counts and average levels; those are
drawn from a third seeded generator, so a team generated without shared codes is the same as before. Every generated
team gets its plan version 1 (:func:`storage.plan_versions.ensure_first_version`), so a later change is a version 2.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Table, func, select, text
from sqlmodel import Session, SQLModel

from domain.calendar import deadline
from domain.periods import Period, PeriodKind, periods_of_year
from domain.rating import DEFAULT_BOUNDS
from domain.zones import team_zone
from storage.models import Person, Team
from storage.plan import get_team
from storage.plan_versions import ensure_first_version

ProgressFn = Callable[[str], None]
BATCH = 5_000
TELEGRAM_ID_BASE = 7_000_000_000_000  # far above real Telegram user ids: synthetic people are easy to spot

_ORG_NAMES = (
    ("Dinas Pendidikan", "OPD"),
    ("Dinas Kesehatan", "OPD"),
    ("Dinas Sosial", "OPD"),
    ("Dinas Koperasi dan UKM", "OPD"),
    ("Dinas Perindustrian dan Perdagangan", "OPD"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "OPD"),
    ("Dinas Tenaga Kerja", "OPD"),
    ("Dinas Komunikasi dan Informatika", "OPD"),
    ("Dinas Pertanian", "OPD"),
    ("Dinas Perikanan", "OPD"),
    ("Dinas Pariwisata", "OPD"),
    ("Dinas Penanaman Modal dan PTSP", "OPD"),
    ("Dinas Perumahan dan Kawasan Permukiman", "OPD"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "OPD"),
    ("Bappeda", "OPD"),
    ("Bagian Perekonomian dan SDA", "OPD"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "OPD"),
    ("Bank Pembangunan Daerah", "bank"),
    ("BRI Kantor Cabang", "bank"),
    ("Bank Mandiri Kantor Cabang", "bank"),
    ("BPR Mitra Daerah", "bank"),
    ("OJK Kantor Regional", "regulator"),
    ("Baznas", "agency"),
    ("BUMDes Bersama", "BUMDes"),
)
_PROGRAM_NAMES = (
    "UMKM Go Digital",
    "UMKM Naik Kelas",
    "One Village One Agent",
    "Satu Rekening Satu Pelajar",
    "Sinergi Aksi Literasi dan Inklusi",
    "Perlindungan Sosial",
    "Pemberdayaan Ekonomi Masyarakat",
    "Akses Layanan Dasar",
    "Kredit Usaha Rakyat",
    "Penguatan BUMDes",
)
_ACTIVITIES = (
    ("Pelatihan pemasaran digital", "UMKM peserta pelatihan", "UMKM"),
    ("Onboarding UMKM ke marketplace", "UMKM onboarding", "UMKM"),
    ("Pembukaan rekening pelajar", "Rekening dibuka", "rekening"),
    ("Penambahan agen layanan keuangan", "Agen baru di desa", "agen"),
    ("Edukasi literasi keuangan", "Peserta edukasi", "orang"),
    ("Penyaluran KUR", "Debitur KUR baru", "debitur"),
    ("Fasilitasi sertifikasi halal", "UMKM bersertifikat halal", "UMKM"),
    ("Bantuan rumah tidak layak huni", "Rumah direhabilitasi", "unit"),
    ("Pelatihan kerja berbasis kompetensi", "Peserta pelatihan kerja", "orang"),
    ("Penyaluran bantuan pangan", "Keluarga penerima", "KK"),
    ("Sosialisasi di sekolah", "Sekolah disosialisasi", "sekolah"),
    ("Pendampingan BUMDes", "BUMDes didampingi", "BUMDes"),
)
# (kind, direction) → (name, indicator, unit): the outcome indicators, as the plan file's jenis and arah say them
_OUTCOMES: dict[tuple[str, str], tuple[tuple[str, str, str], ...]] = {
    ("level", "turun"): (
        ("Percepatan penurunan stunting", "Prevalensi balita stunting", "persen"),
        ("Penanggulangan kemiskinan", "Persentase penduduk miskin", "persen"),
        ("Penyehatan kredit UMKM", "Rasio kredit bermasalah (NPL)", "persen"),
    ),
    ("level", "naik"): (
        ("Perluasan akses keuangan", "Indeks inklusi keuangan daerah", "persen"),
        ("Imunisasi dasar lengkap", "Cakupan imunisasi dasar lengkap", "persen"),
    ),
    ("per_period", "turun"): (
        ("Pemberantasan rentenir", "Kasus rentenir dilaporkan", "kasus"),
        ("Penanganan pinjaman online ilegal", "Pengaduan pinjaman online ilegal", "pengaduan"),
    ),
}
# shared indicator codes (kode bersama) a province adds up or averages: (code, name, indicator, unit, measure)
_SHARED: tuple[tuple[str, str, str, str, str], ...] = (
    ("KUR-UMKM", "Penyaluran KUR bagi UMKM", "Debitur KUR baru", "debitur", "per_period"),
    ("SIMPEL-REKENING", "Pembukaan rekening Simpanan Pelajar", "Rekening SimPel dibuka", "rekening", "cumulative"),
    ("LITERASI-PESERTA", "Edukasi literasi keuangan", "Peserta edukasi literasi keuangan", "orang", "per_period"),
    (
        "KLASTER-BUMDES",
        "Pembentukan klaster ekonomi BUMDes",
        "BUMDes dalam klaster dengan offtaker",
        "BUMDes",
        "cumulative",
    ),
    ("INKLUSI-INDEKS", "Survei indeks inklusi keuangan", "Indeks inklusi keuangan daerah", "persen", "level"),
)
MAX_CHILDREN = 100
_FIRST = ("Ahmad", "Siti", "Budi", "Dewi", "Rudi", "Sri", "Agus", "Nur", "Hendra", "Rina", "Joko", "Maria")
_LAST = ("Siregar", "Nasution", "Lubis", "Harahap", "Sitompul", "Saragih", "Hasibuan", "Tarigan", "Ginting")
_OBSTACLES = (
    "Anggaran baru cair akhir bulan",
    "Jaringan internet di desa terbatas",
    "Peserta belum lengkap",
    "Menunggu tanda tangan PKS",
)


def _count(n: int) -> str:
    """Counts as the summary writes them, Indonesian style (36.000), in every line of the command's output."""
    return f"{n:,}".replace(",", ".")


class GeneratorError(ValueError):
    """Arguments the generator cannot honour (a team that exists, sizes out of range)."""


@dataclass
class GeneratedTeam:
    """Row counts written, for the CLI summary and the tests."""

    organizations: int = 0
    persons: int = 0
    memberships: int = 0
    programs: int = 0
    activities: int = 0
    targets: int = 0
    exemptions: int = 0
    reports: int = 0
    revisions: int = 0

    def summary(self) -> str:
        return ", ".join(f"{f.name} {_count(getattr(self, f.name))}" for f in fields(self))


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def _insert(session: Session, name: str, rows: Sequence[dict[str, Any]], progress: ProgressFn | None = None) -> None:
    """Plain bulk insert in batches (executemany: one multi-row INSERT per batch on both engines)."""
    table = _table(name)
    for start in range(0, len(rows), BATCH):
        session.execute(table.insert(), list(rows[start : start + BATCH]))
        if progress is not None and len(rows) > BATCH:
            progress(f"{name}: {_count(min(start + BATCH, len(rows)))}/{_count(len(rows))}")


def _insert_ids(
    session: Session, name: str, rows: Sequence[dict[str, Any]], progress: ProgressFn | None = None
) -> list[int]:
    """Bulk insert returning the new ids in the order of ``rows``."""
    table = _table(name)
    stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        ids += session.execute(stmt, list(rows[start : start + BATCH])).scalars().all()
        if progress is not None and len(rows) > BATCH:
            progress(f"{name}: {_count(min(start + BATCH, len(rows)))}/{_count(len(rows))}")
    return ids


@dataclass
class GeneratedProvince:
    """The parent (monitoring only: its people) and each child team's counts."""

    parent: GeneratedTeam
    children: dict[str, GeneratedTeam]

    def summary(self) -> str:
        total = GeneratedTeam()
        for stats in (self.parent, *self.children.values()):
            for f in fields(total):
                setattr(total, f.name, getattr(total, f.name) + getattr(stats, f.name))
        return f"{len(self.children)} child teams; in all: {total.summary()}"


def child_codes(parent_code: str, children: int) -> list[str]:
    """The child teams' codes: PARENT-K01 … (three digits from 100 children on)."""
    width = max(2, len(str(children)))
    return [f"{parent_code}-K{i + 1:0{width}d}" for i in range(children)]


def period_kind_for(periods: int) -> PeriodKind:
    """1–4 periods: quarters of the year; 5–12: months (12 = a year of months)."""
    return "quarter" if periods <= 4 else "month"


def check_arguments(
    *,
    team_code: str,
    orgs: int,
    activities: int,
    periods: int,
    year: int,
    timezone: str,
    province: int | None = None,
    shared_share: float = 0.0,
) -> None:
    """Refuse impossible sizes, years, zones and codes before anything touches the database."""
    if province is not None:
        if not 1 <= province <= MAX_CHILDREN:
            raise GeneratorError(f"--province: 1..{MAX_CHILDREN} child teams")
        if len(team_code) > 30 - len(child_codes("", province)[-1]):
            raise GeneratorError(
                f"--team code: at most {30 - len(child_codes('', province)[-1])} characters with --province "
                "(the child teams' codes are derived from it)"
            )
    if not 0.0 <= shared_share <= 1.0:
        raise GeneratorError("--shared-share: a fraction of the activities, 0..1")
    if not 1 <= orgs <= 10_000 or not 1 <= activities <= 1_000_000 or not 1 <= periods <= 12:
        raise GeneratorError("sizes: --orgs 1..10000, --activities 1..1000000, --periods 1..12")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise GeneratorError(
            f'unknown time zone "{timezone}": use Asia/Jakarta, Asia/Makassar or Asia/Jayapura'
        ) from None
    if not 2000 <= year <= 2100:
        raise GeneratorError("--year: 2000..2100")
    if len(team_code) > 30:
        raise GeneratorError("--team code: at most 30 characters (organization codes are derived from it)")


def generate_team(
    session: Session,
    *,
    team_code: str,
    orgs: int,
    activities: int,
    periods: int,
    year: int,
    now: datetime,
    with_reports: bool = False,
    seed: int = 1,
    timezone: str = "Asia/Jakarta",
    progress: ProgressFn | None = None,
    parent_id: int | None = None,
    shared_share: float = 0.0,
    region: str = "Kabupaten Contoh",
) -> GeneratedTeam:
    """Write a synthetic team of ``orgs`` organizations and ``activities`` activities with targets for the first
    ``periods`` periods of ``year``; with ``with_reports``, report history for about 90% of activity × period
    for the periods that ended before ``now`` (some late, some revised, some verified or returned).

    ``parent_id``: the team over it; ``shared_share``: the fraction of activities given a shared indicator code
    (about that share, drawn per activity). The team ends with its plan version 1."""
    say = progress or (lambda _msg: None)
    check_arguments(
        team_code=team_code,
        orgs=orgs,
        activities=activities,
        periods=periods,
        year=year,
        timezone=timezone,
        shared_share=shared_share,
    )
    if get_team(session, team_code) is not None:
        raise GeneratorError(f'team "{team_code}" already exists; pick another --team code')
    rng = random.Random(f"{seed}:{team_code}")
    kind = period_kind_for(periods)
    plan_periods = periods_of_year(year, kind)[:periods]
    out = GeneratedTeam()

    team_id = _insert_ids(
        session,
        "team",
        [
            {
                "code": team_code,
                "name": f"Tim sintetis {team_code}",
                "region": region,
                "parent_id": parent_id,
                "timezone": timezone,
                "period_kind": kind,
                "year": year,
                "deadline_working_days": 10,
                "lock_days": 30,
                "thresholds": [float(b) for b in DEFAULT_BOUNDS],
                "policy": {},
            }
        ],
    )[0]

    org_rows: list[dict[str, Any]] = []
    for i in range(orgs):
        base, org_kind = _ORG_NAMES[i % len(_ORG_NAMES)]
        suffix = f" {i // len(_ORG_NAMES) + 1}" if orgs > len(_ORG_NAMES) else ""
        org_rows.append({"code": f"{team_code}-O{i + 1:04d}", "name": base + suffix, "kind": org_kind})
    org_ids = _insert_ids(session, "organization", org_rows)
    _insert(session, "team_organization", [{"team_id": team_id, "organization_id": o} for o in org_ids])
    out.organizations = len(org_ids)
    say(f"team {team_code}: {orgs} organizations")

    n_programs = max(1, min(activities, round(math.sqrt(activities) / 2)))
    program_rows = [
        {
            "team_id": team_id,
            "code": f"P{i + 1:02d}",
            "name": _PROGRAM_NAMES[i % len(_PROGRAM_NAMES)]
            + (f" {i // len(_PROGRAM_NAMES) + 1}" if n_programs > len(_PROGRAM_NAMES) else ""),
            "position": i,
        }
        for i in range(n_programs)
    ]
    program_ids = _insert_ids(session, "program", program_rows)
    out.programs = len(program_ids)

    activity_rows: list[dict[str, Any]] = []
    per_program = [0] * n_programs
    outcomes = random.Random(f"{seed}:{team_code}:outcomes")
    shared = random.Random(f"{seed}:{team_code}:shared")  # drawn from only when shared_share > 0
    levels: list[tuple[float, float] | None] = []  # a level's first target and its change per period
    for i in range(activities):
        p = i * n_programs // activities
        name, indicator, unit = _ACTIVITIES[rng.randrange(len(_ACTIVITIES))]
        org_index = i % orgs  # every organization owns activities, as in a real team
        is_opd = org_rows[org_index]["kind"] == "OPD"
        measure = "cumulative" if rng.random() < 0.4 else "per_period"
        direction, level = "naik", None
        outcome = _outcome(outcomes.random())
        if outcome is not None:
            measure, direction = outcome
            choices = _OUTCOMES[outcome]
            name, indicator, unit = choices[outcomes.randrange(len(choices))]
            if measure == "level":  # a rate falling ~4% a period, or a coverage rising ~3%
                start = outcomes.uniform(3, 30) if direction == "turun" else outcomes.uniform(40, 85)
                level = (round(start, 2), -0.04 if direction == "turun" else 0.03)
        shared_code = None
        if shared_share > 0 and shared.random() < shared_share:  # the indicator a province adds up or averages
            shared_code, name, indicator, unit, measure = _SHARED[shared.randrange(len(_SHARED))]
            direction = "naik"
            level = (round(shared.uniform(55, 85), 2), 0.03) if measure == "level" else None
        levels.append(level)
        activity_rows.append(
            {
                "program_id": program_ids[p],
                "organization_id": org_ids[org_index],
                "code": f"A{i + 1:05d}",
                "name": f"{name} ({i + 1})",
                "indicator": indicator,
                "unit": unit,
                "budget_ceiling": rng.randrange(5, 400) * 5_000_000 if is_opd else None,
                "measure": measure,
                "direction": direction,
                "shared_code": shared_code,
                "position": per_program[p],
            }
        )
        per_program[p] += 1
    activity_ids = _insert_ids(session, "activity", activity_rows, say)
    out.activities = len(activity_ids)
    say(f"{n_programs} programs, {_count(len(activity_ids))} activities")

    # targets: per-period values around a base; cumulative ones as running totals; an S-curve for physical %
    share = _s_curve(len(plan_periods))
    target_rows: list[dict[str, Any]] = []
    planned: dict[tuple[int, int], tuple[float, int | None, float]] = {}
    for row, activity_id, level in zip(activity_rows, activity_ids, levels, strict=True):
        size = rng.choice((1, 2, 5, 10, 20, 50, 100, 250))
        ceiling = row["budget_ceiling"]
        running = 0.0
        for j, period in enumerate(plan_periods):
            step = float(max(1, round(size * rng.uniform(0.5, 1.5))))
            running += step
            value = running if row["measure"] == "cumulative" else step
            if level is not None:
                value = round(min(100.0, level[0] * (1 + level[1] * j)), 2)
            budget = None if ceiling is None else int(ceiling * (share[j] - (share[j - 1] if j else 0.0)))
            physical = round(100 * share[j], 1)
            planned[(activity_id, j)] = (value, budget, physical)
            target_rows.append(
                {
                    "activity_id": activity_id,
                    "period_key": period.key,
                    "value": value,
                    "planned_budget": budget,
                    "planned_physical": physical,
                }
            )
    _insert(session, "target", target_rows, say)
    out.targets = len(target_rows)
    say(f"{_count(len(target_rows))} targets")

    # people: one focal point per organization (two for every fifth), a secretariat member and a chair
    first_id = max(session.execute(select(func.max(Person.telegram_id))).scalar() or 0, TELEGRAM_ID_BASE) + 1
    person_rows: list[dict[str, Any]] = []
    roles: list[tuple[str, int | None]] = []
    wanted: list[tuple[str, int | None]] = [("secretariat", None), ("chair", None)]
    wanted += [("focal_point", i) for i in range(orgs) for _ in range(2 if i % 5 == 0 else 1)]
    for role, member_org in wanted:
        person_rows.append(
            {
                "telegram_id": first_id + len(person_rows),
                "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                "username": None,
                "language": "id",
                "private_chat": rng.random() < 0.9,
                "reachable": True,
                "created_at": now,
            }
        )
        roles.append((role, None if member_org is None else org_ids[member_org]))
    person_ids = _insert_ids(session, "person", person_rows)
    _insert(
        session,
        "membership",
        [
            {"person_id": pid, "team_id": team_id, "role": role, "organization_id": org_id, "created_at": now}
            for pid, (role, org_id) in zip(person_ids, roles, strict=True)
        ],
    )
    out.persons = out.memberships = len(person_ids)
    secretariat = person_ids[0]
    focal: dict[int, list[int]] = {}
    for pid, (role, org_id) in zip(person_ids, roles, strict=True):
        if role == "focal_point" and org_id is not None:
            focal.setdefault(org_id, []).append(pid)

    zone = team_zone(timezone)
    today = now.astimezone(zone).date()
    elapsed = [(j, p) for j, p in enumerate(plan_periods) if p.end < today]
    # one organization in twenty is excused for one elapsed period: no reports, no reminders
    exempt: set[tuple[int, str]] = set()
    if elapsed:
        for i in range(0, orgs, 20):
            exempt.add((org_ids[i], rng.choice(elapsed)[1].key))
        _insert(
            session,
            "exemption",
            [
                {
                    "team_id": team_id,
                    "organization_id": org_id,
                    "period_key": key,
                    "reason": "Reorganisasi perangkat daerah",
                    "created_by": None,
                    "created_at": now,
                }
                for org_id, key in sorted(exempt)
            ],
        )
        out.exemptions = len(exempt)
    if with_reports:
        if not elapsed:
            say(f"no period of {year} has ended by {today}: no report history to write")
        else:
            _write_history(
                session,
                rng,
                activity_rows,
                activity_ids,
                elapsed,
                planned,
                exempt,
                focal,
                secretariat,
                zone,
                now,
                out,
                say,
            )
    team = session.get(Team, team_id)
    assert team is not None
    say(f"team {team_code}: plan version 1")
    ensure_first_version(session, team, now)
    return out


def generate_province(
    session: Session,
    *,
    parent_code: str,
    children: int,
    orgs: int,
    activities: int,
    periods: int,
    year: int,
    now: datetime,
    with_reports: bool = False,
    seed: int = 1,
    timezone: str = "Asia/Jakarta",
    shared_share: float = 0.2,
    progress: ProgressFn | None = None,
) -> GeneratedProvince:
    """A parent team ``parent_code`` (monitoring only: a secretariat member and a chair, no plan of its own; its
    teams close a period within 10 working days) over ``children`` teams PARENT-K01…, each as
    :func:`generate_team` makes one with ``orgs``, ``activities`` and ``periods``, about ``shared_share`` of their
    activities with a shared indicator code."""
    say = progress or (lambda _msg: None)
    check_arguments(
        team_code=parent_code,
        orgs=orgs,
        activities=activities,
        periods=periods,
        year=year,
        timezone=timezone,
        province=children,
        shared_share=shared_share,
    )
    codes = child_codes(parent_code, children)
    taken = [code for code in (parent_code, *codes) if get_team(session, code) is not None]
    if taken:
        raise GeneratorError(f'team "{taken[0]}" already exists; pick another --team code')
    rng = random.Random(f"{seed}:{parent_code}")
    parent_id = _insert_ids(
        session,
        "team",
        [
            {
                "code": parent_code,
                "name": f"Tim sintetis provinsi {parent_code}",
                "region": "Provinsi Contoh",
                "timezone": timezone,
                "period_kind": period_kind_for(periods),
                "year": year,
                "deadline_working_days": 10,
                "lock_days": 30,
                "children_deadline_working_days": 10,
                "thresholds": [float(b) for b in DEFAULT_BOUNDS],
                "policy": {},
            }
        ],
    )[0]
    first_id = max(session.execute(select(func.max(Person.telegram_id))).scalar() or 0, TELEGRAM_ID_BASE) + 1
    person_ids = _insert_ids(
        session,
        "person",
        [
            {
                "telegram_id": first_id + i,
                "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                "username": None,
                "language": "id",
                "private_chat": True,
                "reachable": True,
                "created_at": now,
            }
            for i in range(2)
        ],
    )
    _insert(
        session,
        "membership",
        [
            {"person_id": pid, "team_id": parent_id, "role": role, "organization_id": None, "created_at": now}
            for pid, role in zip(person_ids, ("secretariat", "chair"), strict=True)
        ],
    )
    parent = session.get(Team, parent_id)
    assert parent is not None
    ensure_first_version(session, parent, now)
    out = GeneratedProvince(GeneratedTeam(persons=2, memberships=2), {})
    say(f"province {parent_code}: parent team, {children} child teams to generate")
    for i, code in enumerate(codes):
        out.children[code] = generate_team(
            session,
            team_code=code,
            orgs=orgs,
            activities=activities,
            periods=periods,
            year=year,
            now=now,
            with_reports=with_reports,
            seed=seed,
            timezone=timezone,
            progress=progress,
            parent_id=parent_id,
            shared_share=shared_share,
            region=f"Kabupaten Contoh {i + 1}",
        )
        say(f"team {code} ({i + 1}/{children}) done")
    return out


def _outcome(roll: float) -> tuple[str, str] | None:
    """(measure, direction) of an outcome indicator, for one activity in eight: 5% a rate that must fall, 3% a
    level that must rise, 4.5% cases that must become fewer; None: an ordinary count (higher is better)."""
    if roll < 0.05:
        return ("level", "turun")
    if roll < 0.08:
        return ("level", "naik")
    if roll < 0.125:
        return ("per_period", "turun")
    return None


def _s_curve(n: int) -> list[float]:
    """Cumulative planned share at the end of each of ``n`` periods: slow start, fast middle, 1.0 at the end."""
    return [round(1 / (1 + math.exp(-8 * ((j + 1) / n - 0.5))), 4) if j + 1 < n else 1.0 for j in range(n)]


def _local(day: date, zone: ZoneInfo, rng: random.Random) -> datetime:
    """A working-hours moment of ``day`` in the team's zone, as UTC (what the tables store)."""
    moment = datetime.combine(day, time(rng.randrange(7, 21), rng.randrange(60)), tzinfo=zone)
    return moment.astimezone(UTC)


def _write_history(
    session: Session,
    rng: random.Random,
    activity_rows: list[dict[str, Any]],
    activity_ids: list[int],
    elapsed: list[tuple[int, Period]],
    planned: dict[tuple[int, int], tuple[float, int | None, float]],
    exempt: set[tuple[int, str]],
    focal: dict[int, list[int]],
    secretariat: int,
    zone: ZoneInfo,
    now: datetime,
    out: GeneratedTeam,
    say: ProgressFn,
) -> None:
    """Reports with revisions: ~90% of activity × elapsed period, ~15% late, a quarter revised, some verified or
    returned. ``Report.current_revision_id`` points at the latest revision, set by one UPDATE at the end."""
    today = now.astimezone(zone).date()
    deadlines = {p.key: deadline(p, 10) for _, p in elapsed}
    report_rows: list[dict[str, Any]] = []
    revisions_of: list[list[dict[str, Any]]] = []
    for row, activity_id in zip(activity_rows, activity_ids, strict=True):
        org_id = row["organization_id"]
        reporters = focal[org_id]
        level = rng.uniform(0.6, 1.15)  # how well this activity goes, so achievement spreads realistically
        cumulative = row["measure"] == "cumulative"
        lower_is_better = row["direction"] == "turun"  # a good activity realises below its target
        reached = 0.0  # a cumulative indicator never goes down from one period to the next
        for j, period in elapsed:
            if (org_id, period.key) in exempt or rng.random() >= 0.9:
                continue
            due = deadlines[period.key]
            late = rng.random() < 0.15
            first_day = (
                due + timedelta(days=rng.randrange(1, 25)) if late else due - timedelta(days=rng.randrange(0, 12))
            )
            first_day = min(max(first_day, period.end + timedelta(days=1)), today)
            n = rng.choices((1, 2, 3, 4), weights=(75, 17, 6, 2))[0]
            value, budget, physical = planned[(activity_id, j)]
            revisions: list[dict[str, Any]] = []
            day = first_day
            for number in range(1, n + 1):
                if number > 1:
                    day = min(day + timedelta(days=rng.randrange(1, 10)), today)
                factor = max(0.0, rng.gauss(level, 0.12))
                if cumulative:
                    realised = max(reached, round(value * factor, 1))
                else:
                    ratio = max(0.0, 2 - factor) if lower_is_better else factor
                    realised = (
                        round(min(100.0, value * ratio), 2) if row["measure"] == "level" else round(value * ratio, 1)
                    )
                submitted = _local(day, zone, rng)
                revisions.append(
                    {
                        "number": number,
                        "draft_id": uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                        "value": realised,
                        "budget_spent": None if budget is None else int(budget * min(factor, 1.0)),
                        "physical_pct": round(min(100.0, physical * factor), 1),
                        "obstacles": rng.choice(_OBSTACLES) if factor < 0.8 else None,
                        "follow_up": "Koordinasi dengan sekretariat" if factor < 0.8 else None,
                        "latitude": None,
                        "longitude": None,
                        "reporter_id": rng.choice(reporters),
                        "submitted_at": submitted,
                        "on_time": day <= due,
                    }
                )
            if cumulative:
                reached = revisions[-1]["value"]
            roll = rng.random()
            status = "verified" if roll < 0.35 else "returned" if roll < 0.42 else "submitted"
            last: datetime = revisions[-1]["submitted_at"]
            report_rows.append(
                {
                    "activity_id": activity_id,
                    "period_key": period.key,
                    "current_revision_id": None,
                    "revision_count": n,
                    "status": status,
                    "status_reason": "Bukti dukung belum lengkap" if status == "returned" else None,
                    "status_by": secretariat if status != "submitted" else None,
                    "status_at": min(last + timedelta(days=2), now) if status != "submitted" else None,
                    "first_submitted_at": revisions[0]["submitted_at"],
                    "on_time": revisions[0]["on_time"],
                }
            )
            revisions_of.append(revisions)
    say(f"report history: {_count(len(report_rows))} reports to write")
    report_ids = _insert_ids(session, "report", report_rows, say)
    revision_rows = [
        {"report_id": report_id, **revision}
        for report_id, revisions in zip(report_ids, revisions_of, strict=True)
        for revision in revisions
    ]
    _insert(session, "report_revision", revision_rows, say)
    say("pointing each report at its latest revision")
    lowest, highest = min(report_ids, default=0), max(report_ids, default=0)
    session.execute(
        text(
            "UPDATE report SET current_revision_id = (SELECT r.id FROM report_revision r "
            "WHERE r.report_id = report.id AND r.number = report.revision_count) "
            "WHERE report.id BETWEEN :first AND :last AND report.current_revision_id IS NULL"
        ),
        {"first": lowest, "last": highest},
    )
    out.reports = len(report_ids)
    out.revisions = len(revision_rows)
