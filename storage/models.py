"""The tables (docs/architecture.md says who reads and writes them).

Money is integer Rupiah (BigInteger): SQLite would turn NUMERIC into floats.

Indicator values and percentages are floats: they are counts and shares typed on a phone, never money. Times are
aware and stored in UTC (SQLModel refuses naive ones); dates of a team's calendar are plain dates.

Columns added after the first release carry a server default as well (revision 0003 and later), so the rows that
existed before keep their meaning and an INSERT that does not name them gets the same value as one made here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from domain.rating import DEFAULT_BOUNDS

ROLES = ("admin", "secretariat", "chair", "focal_point", "viewer")
PERIOD_KINDS = ("month", "quarter")
MEASURES = ("per_period", "cumulative", "level")  # domain.plan.MEASURE_OF_KIND: per_periode, kumulatif, tingkat
DIRECTIONS = ("naik", "turun")
RATING_SCALES = ("predikat", "lampu")
REPORT_STATUSES = ("submitted", "verified", "returned")
DRAFT_STATUSES = ("open", "submitted", "cancelled", "expired")
DELIVERY_STATUSES = ("claimed", "sent", "pending", "unreachable", "failed", "skipped")


def _big(**kw: Any) -> Any:
    return Field(default=None, sa_column=Column(BigInteger, **kw))


class Team(SQLModel, table=True):
    """A coordination team (TPAKD, TKPKD…) with its calendar and reminder policy."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=40)
    name: str = Field(max_length=300)
    region: str = Field(default="", max_length=200)
    timezone: str = Field(default="Asia/Jakarta", max_length=64)
    period_kind: str = Field(default="quarter", max_length=10)
    year: int
    deadline_working_days: int = 10
    lock_days: int = 30
    thresholds: list[float] = Field(default_factory=lambda: list(DEFAULT_BOUNDS), sa_column=Column(JSON))
    policy: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    # how achievement is averaged and rated: the cap on one activity's achievement (NULL: no cap), predikat or
    # lampu, and the lampu's kuning limit (gap to target, %)
    achievement_cap: int | None = Field(default=150, nullable=True, sa_column_kwargs={"server_default": "150"})
    rating_scale: str = Field(default="predikat", max_length=12, sa_column_kwargs={"server_default": "predikat"})
    yellow_limit: float = Field(default=25.0, sa_column_kwargs={"server_default": "25"})
    # the team over this one (a province over its regencies), and as a parent, by when (working days after a
    # period) its teams must have closed the period
    parent_id: int | None = Field(default=None, foreign_key="team.id", index=True, nullable=True)
    children_deadline_working_days: int = Field(default=10, sa_column_kwargs={"server_default": "10"})
    # a report sent with "bukti menyusul": its focal point is reminded this many days later (0007)
    evidence_reminder_days: int = Field(default=3, sa_column_kwargs={"server_default": "3"})


class Organization(SQLModel, table=True):
    """An OPD, bank, agency or village enterprise; may sit in several teams."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=40)
    name: str = Field(max_length=300)
    kind: str = Field(default="OPD", max_length=40)


class TeamOrganization(SQLModel, table=True):
    """Which organizations belong to which team (the expected reporters)."""

    __tablename__ = "team_organization"
    team_id: int = Field(foreign_key="team.id", primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", primary_key=True)


class Program(SQLModel, table=True):
    """A named programme of one team."""

    __table_args__ = (UniqueConstraint("team_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    code: str = Field(max_length=40)
    name: str = Field(max_length=300)
    position: int = 0


class Activity(SQLModel, table=True):
    """A kegiatan under a program, owned by one organization, with its indicator and budget ceiling."""

    __table_args__ = (UniqueConstraint("program_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", index=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    code: str = Field(max_length=40)
    name: str = Field(max_length=500)
    indicator: str = Field(default="", max_length=500)
    unit: str = Field(default="", max_length=60)
    budget_ceiling: int | None = _big(nullable=True)
    measure: str = Field(default="per_period", max_length=12)  # per_period, cumulative or level (MEASURES)
    direction: str = Field(default="naik", max_length=6, sa_column_kwargs={"server_default": "naik"})
    position: int = 0
    # dihentikan mulai: from this period on the activity is not expected (no reminders, not in the menus); its
    # reports and earlier targets stay (a plan version stops it, storage.plan_versions)
    stopped_from: str | None = Field(default=None, max_length=10, nullable=True)
    # kode bersama: the same indicator in sibling teams, so their parent can add it up
    shared_code: str | None = Field(default=None, max_length=40, nullable=True, index=True)


class Target(SQLModel, table=True):
    """The planned side of one activity in one period: value, budget and physical % (the S-curve plan).

    A range target (80–90%) has ``value_min`` and ``value_max``; its ``value`` is then the bound that counts as
    reaching it (the lower for naik, the upper for turun: ``domain.plan.met_bound``).
    """

    __table_args__ = (UniqueConstraint("activity_id", "period_key"),)
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    period_key: str = Field(max_length=10)
    value: float = 0.0
    planned_budget: int | None = _big(nullable=True)
    planned_physical: float | None = None
    value_min: float | None = None
    value_max: float | None = None


class PlanVersion(SQLModel, table=True):
    """One change of a team's plan (version 1: the plan *murni*), with its legal basis and first period.

    ``snapshot`` is the whole plan as it stood once this version was applied (``domain.plan_data``), so
    ``pantau plan export --version N`` gives back exactly that plan; NULL only for a version 1 made by the
    migration, filled from the stored plan before the next version changes it.
    """

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("team_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    number: int
    created_at: datetime
    created_by: int | None = Field(default=None, foreign_key="person.id")
    author: str = Field(default="", max_length=200)  # who, as shown: the person's name, or "CLI"
    basis: str = Field(default="", max_length=1000)  # dasar perubahan
    reason: str = Field(default="", max_length=1000)  # alasan perubahan
    effective_from: str = Field(max_length=10)  # berlaku mulai: the first period it applies to
    correction: bool = False  # koreksi data: may change periods before effective_from
    summary: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))  # counts of what changed
    snapshot: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class PlanTarget(SQLModel, table=True):
    """A target as one version set it: the history behind ``Target`` (which holds the target in force).

    Version 1 has a row for every target; a later version only for the (activity, period) it changed.
    """

    __tablename__ = "plan_target"
    __table_args__ = (UniqueConstraint("version_id", "activity_id", "period_key"),)
    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="plan_version.id", index=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    period_key: str = Field(max_length=10)
    present: bool = True  # False: this version took the period's target away (a stopped activity, a dropped period)
    value: float = 0.0
    planned_budget: int | None = _big(nullable=True)
    planned_physical: float | None = None
    value_min: float | None = None
    value_max: float | None = None


class PeriodClosing(SQLModel, table=True):
    """A team closed a period for its parent (``/tutup``), or it closed by itself at the team's lock date.

    Reopened by the parent's secretariat: ``reopened_at`` set, the row kept; closing again clears it.
    """

    __tablename__ = "period_closing"
    __table_args__ = (UniqueConstraint("team_id", "period_key"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    period_key: str = Field(max_length=10)
    closed_at: datetime
    closed_by: int | None = Field(default=None, foreign_key="person.id")
    automatic: bool = False  # closed at the lock date, not by a person
    reopened_at: datetime | None = None
    reopened_by: int | None = Field(default=None, foreign_key="person.id")


class Person(SQLModel, table=True):
    """Someone known to the bot by Telegram user id."""

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False, index=True))
    name: str = Field(default="", max_length=200)
    username: str | None = Field(default=None, max_length=64)
    language: str = Field(default="id", max_length=5)
    private_chat: bool = False  # has written to the bot privately: Telegram lets us message them
    reachable: bool = True  # cleared on Forbidden (blocked the bot)
    created_at: datetime


class Membership(SQLModel, table=True):
    """A person's role in a team; focal points are bound to one organization."""

    __table_args__ = (UniqueConstraint("person_id", "team_id", "role", "organization_id"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    role: str = Field(max_length=20)
    organization_id: int | None = Field(default=None, foreign_key="organization.id")
    created_at: datetime


class GroupChat(SQLModel, table=True):
    """A Telegram group linked to a team; follows migration to a supergroup.

    ``thread_id``: the forum topic it was linked in, where the jobs and notices post (None: General, or no forum).
    """

    __tablename__ = "group_chat"
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False, index=True))
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    title: str = Field(default="", max_length=300)
    active: bool = True
    migrated_to: int | None = _big(nullable=True)
    linked_by: int | None = Field(default=None, foreign_key="person.id")
    linked_at: datetime | None = None
    thread_id: int | None = _big(nullable=True)


class ReportDraft(SQLModel, table=True):
    """A report being written: its answers live here, so a restart or a second process loses nothing."""

    __tablename__ = "report_draft"
    id: str = Field(primary_key=True, max_length=36)  # uuid4 hex; also the idempotency key of Kirim
    person_id: int = Field(foreign_key="person.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id")
    activity_id: int | None = Field(default=None, foreign_key="activity.id")
    period_key: str | None = Field(default=None, max_length=10)
    step: str = Field(default="activity", max_length=30)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    status: str = Field(default="open", max_length=12, index=True)
    base_revision_id: int | None = None  # set when revising an existing report
    created_at: datetime
    updated_at: datetime


class Report(SQLModel, table=True):
    """One activity × period; its revisions are the audit trail, the latest is current."""

    __table_args__ = (UniqueConstraint("activity_id", "period_key"),)
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    period_key: str = Field(max_length=10, index=True)
    current_revision_id: int | None = None
    revision_count: int = 0
    status: str = Field(default="submitted", max_length=12)
    status_reason: str | None = Field(default=None, max_length=1000)
    status_by: int | None = Field(default=None, foreign_key="person.id")
    status_at: datetime | None = None
    first_submitted_at: datetime
    on_time: bool = True  # the first submission was on or before the deadline


class ReportRevision(SQLModel, table=True):
    """A submitted answer set; never overwritten."""

    __tablename__ = "report_revision"
    __table_args__ = (UniqueConstraint("report_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    number: int
    draft_id: str = Field(max_length=36, unique=True)
    value: float
    budget_spent: int | None = _big(nullable=True)
    physical_pct: float | None = None
    obstacles: str | None = Field(default=None, max_length=4000)
    follow_up: str | None = Field(default=None, max_length=4000)
    latitude: float | None = None
    longitude: float | None = None
    reporter_id: int = Field(foreign_key="person.id")
    submitted_at: datetime
    on_time: bool = True
    # sent with "bukti menyusul": the evidence comes in a later revision (0007)
    evidence_later: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


class Obstacle(SQLModel, table=True):
    """A kendala that stays open across periods until a report says it is resolved (0007).

    The revision's ``obstacles`` text keeps what was written at the time; this row is the obstacle being followed:
    its category, whether it needs the chair's decision, and when it was opened, last confirmed and resolved.
    """

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    category: str = Field(max_length=20)  # domain: regulasi, anggaran, pengadaan, sdm, data, mitra, cuaca, lainnya
    description: str = Field(max_length=4000)
    needs_decision: bool = False  # perlu keputusan pimpinan
    opened_period_key: str = Field(max_length=10)
    opened_revision_id: int | None = Field(default=None, foreign_key="report_revision.id")
    opened_at: datetime
    updated_revision_id: int | None = Field(default=None, foreign_key="report_revision.id")
    updated_at: datetime
    resolved_on: date | None = None  # NULL: still open
    resolved_revision_id: int | None = Field(default=None, foreign_key="report_revision.id")


class ActionItem(SQLModel, table=True):
    """What the plenary decided (``/putuskan``): who does it by when, followed to done (``/tindaklanjut``) (0007)."""

    __tablename__ = "action_item"
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    obstacle_id: int | None = Field(default=None, foreign_key="obstacle.id", index=True)
    activity_id: int | None = Field(default=None, foreign_key="activity.id")
    topic: str = Field(max_length=1000)  # the obstacle or agenda item decided on, as shown
    decision: str = Field(max_length=2000)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    due_date: date
    status: str = Field(default="open", max_length=10)  # open | done
    created_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime
    done_at: datetime | None = None
    done_by: int | None = Field(default=None, foreign_key="person.id")
    done_note: str | None = Field(default=None, max_length=2000)
    reopened_at: datetime | None = None
    reopened_by: int | None = Field(default=None, foreign_key="person.id")


class Evidence(SQLModel, table=True):
    """A photo or document kept as Telegram file ids (valid for this bot only)."""

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="report_revision.id", index=True)
    kind: str = Field(max_length=10)  # photo | document | voice (a voice note for an obstacle, 0007)
    file_id: str = Field(max_length=300)
    file_unique_id: str = Field(max_length=100, index=True)  # the same file in two reports is flagged (0006)
    file_name: str | None = Field(default=None, max_length=300)
    mime_type: str | None = Field(default=None, max_length=100)
    file_size: int | None = None


class Exemption(SQLModel, table=True):
    """An organization excused for a period: out of the expected reports and of every reminder."""

    __table_args__ = (UniqueConstraint("team_id", "organization_id", "period_key"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    organization_id: int = Field(foreign_key="organization.id")
    period_key: str = Field(max_length=10)
    reason: str = Field(max_length=1000)
    created_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime


class Reopening(SQLModel, table=True):
    """The secretariat reopened a locked period for one organization."""

    __table_args__ = (UniqueConstraint("team_id", "organization_id", "period_key"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    organization_id: int = Field(foreign_key="organization.id")
    period_key: str = Field(max_length=10)
    created_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime


class InviteToken(SQLModel, table=True):
    """A one-time invitation; only the SHA-256 of the token is stored."""

    __tablename__ = "invite_token"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    team_id: int = Field(foreign_key="team.id")
    role: str = Field(max_length=20)
    organization_id: int | None = Field(default=None, foreign_key="organization.id")
    created_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by: int | None = Field(default=None, foreign_key="person.id")


class Delivery(SQLModel, table=True):
    """Every reminder, escalation and digest: claimed before sending, confirmed after. Unique, so never twice."""

    __table_args__ = (
        UniqueConstraint("kind", "team_id", "period_key", "recipient", "due_date", name="uq_delivery_once"),
        Index("ix_delivery_status", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)
    team_id: int = Field(foreign_key="team.id")
    period_key: str = Field(max_length=12)
    recipient: str = Field(max_length=40)  # "person:<telegram id>" or "chat:<chat id>"
    due_date: date
    status: str = Field(default="claimed", max_length=12)
    attempts: int = 0
    claimed_at: datetime
    sent_at: datetime | None = None
    message_id: int | None = None
    detail: str | None = Field(default=None, max_length=2000)


class ConversationState(SQLModel, table=True):
    """python-telegram-bot conversation state (framework state, not domain data), written through."""

    __tablename__ = "conversation_state"
    name: str = Field(primary_key=True, max_length=40)
    key: str = Field(primary_key=True, max_length=100)
    state: str = Field(max_length=100)  # JSON
    updated_at: datetime


class UserData(SQLModel, table=True):
    """python-telegram-bot ``user_data``, as JSON, written through."""

    __tablename__ = "user_data"
    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    updated_at: datetime


class InstanceLock(SQLModel, table=True):
    """Which process is active (SQLite single-instance guard; PostgreSQL uses an advisory lock)."""

    __tablename__ = "instance_lock"
    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=200)
    heartbeat_at: datetime
