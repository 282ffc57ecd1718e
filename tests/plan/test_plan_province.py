"""A province over its regencies (issue 15): the Kalimantan Tengah examples, ``pantau team``, a synthetic province."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from domain.plan import Plan, PlanOrganization
from pantau.cli import main
from pantau.plangen import GeneratorError, child_codes, generate_province
from planfile.read import load_plan, parse_xlsx, parse_yaml
from planfile.write import dump_yaml, xlsx_bytes
from storage.db import session_scope
from storage.models import Activity, Membership, PlanVersion, Program, Team
from storage.plan import read_plan
from storage.plan_versions import NothingToChangeError, apply_change, prepare_change

from .conftest import EXAMPLES, snapshot

PROVINCE = EXAMPLES / "tpakd-kalteng-2026.yaml"
REGENCIES = {  # the five regencies the Kalimantan Tengah seed names, in the order of examples/README.md
    "TPAKD-LAMANDAU": EXAMPLES / "kalteng" / "tpakd-lamandau-2026.yaml",
    "TPAKD-GUMAS": EXAMPLES / "kalteng" / "tpakd-gunung-mas-2026.yaml",
    "TPAKD-MURA": EXAMPLES / "kalteng" / "tpakd-murung-raya-2026.yaml",
    "TPAKD-BARTIM": EXAMPLES / "kalteng" / "tpakd-barito-timur-2026.yaml",
    "TPAKD-PULPIS": EXAMPLES / "kalteng" / "tpakd-pulang-pisau-2026.yaml",
}
IMPORT_ORDER = [PROVINCE, *REGENCIES.values()]
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
# code → (unit, kind) as every regency writes it, and the regencies that report it
SHARED = {
    "KUR-UMKM": (("debitur", "per_periode"), set(REGENCIES)),
    "SIMPEL-REKENING": (("rekening", "kumulatif"), set(REGENCIES)),
    "LITERASI-PESERTA": (("orang", "per_periode"), set(REGENCIES)),
    "INKLUSI-INDEKS": (("persen", "tingkat"), set(REGENCIES)),
    "KLASTER-BUMDES": (("BUMDes", "kumulatif"), {"TPAKD-GUMAS", "TPAKD-PULPIS"}),
}


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)  # Settings reads .env from the working directory: keep a stray one out
    monkeypatch.setenv("PANTAU_DATABASE_URL", db_url)
    return db_url


def _import(session: Session, plan: Plan) -> None:
    """As ``pantau plan import`` does, without a process per file."""
    apply_change(session, prepare_change(session, plan), now=NOW, author="test")


def _by_code(plan: Plan) -> tuple[PlanOrganization, ...]:
    return tuple(sorted(plan.organizations, key=lambda o: o.code))


# --- the examples ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", IMPORT_ORDER, ids=lambda p: p.stem)
def test_example_reads_back_from_yaml_and_xlsx(path: Path, tmp_path: Path) -> None:
    plan = load_plan(path)
    assert parse_yaml(dump_yaml(plan)) == plan
    assert parse_xlsx(xlsx_bytes(plan)) == plan


def test_the_province_and_its_regencies() -> None:
    province = load_plan(PROVINCE)
    assert province.team.parent is None and province.team.children_deadline_working_days == 10
    assert all(a.shared_code is None for _, a in province.activities())  # never counted with its regencies
    found: dict[str, set[tuple[str, str]]] = {}
    reported: dict[str, set[str]] = {}
    for code, path in REGENCIES.items():
        plan = load_plan(path)
        team = plan.team
        assert (team.code, team.parent, team.year, team.period) == (code, "TPAKD-KALTENG", 2026, "quarter")
        assert team.timezone == "Asia/Jakarta" and team.deadline_working_days == 5  # PP 39/2006: agencies in 5
        assert 4 <= len(plan.organizations) <= 8 and 2 <= len(plan.programs) <= 3 and 5 <= plan.activity_count <= 10
        assert "OJK-KALTENG" in {o.code for o in plan.organizations}
        for _, activity in plan.activities():
            if activity.shared_code is not None:
                found.setdefault(activity.shared_code, set()).add((activity.unit, activity.kind))
                reported.setdefault(activity.shared_code, set()).add(code)
    assert found == {code: {unit_kind} for code, (unit_kind, _) in SHARED.items()}
    assert reported == {code: teams for code, (_, teams) in SHARED.items()}


def test_examples_import_in_order(engine: Engine) -> None:
    with session_scope(engine) as session:
        for path in IMPORT_ORDER:
            _import(session, load_plan(path))
    with session_scope(engine) as session:
        teams = {t.code: t for t in session.exec(select(Team)).all()}
        province = teams["TPAKD-KALTENG"]
        assert province.parent_id is None and province.children_deadline_working_days == 10
        assert {c for c, t in teams.items() if t.parent_id == province.id} == set(REGENCIES)
        for path in IMPORT_ORDER:
            plan = load_plan(path)
            stored = read_plan(session, plan.team.code)
            # organizations come back by when they were first stored: OJK-KALTENG, stored with the province, first
            assert replace(stored, organizations=_by_code(stored)) == replace(plan, organizations=_by_code(plan))
            with pytest.raises(NothingToChangeError):  # importing it again changes nothing
                prepare_change(session, plan)
        rows = session.exec(
            select(Team.code, Activity.shared_code)
            .join(Program, col(Program.team_id) == col(Team.id))
            .join(Activity, col(Activity.program_id) == col(Program.id))
            .where(col(Activity.shared_code).is_not(None))
        ).all()
        assert {code: {t for t, c in rows if c == code} for code in SHARED} == {
            code: teams for code, (_, teams) in SHARED.items()
        }
        assert Counter(c for _, c in rows)["KUR-UMKM"] == 8  # two banks' KUR in Lamandau, Murung Raya, Pulang Pisau
        versions = session.exec(select(PlanVersion.team_id, PlanVersion.number)).all()
        assert sorted(n for _, n in versions) == [1] * 6


def test_a_regency_before_its_province_is_refused_in_one_line(
    cli_env: str, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(engine)
    assert main(["plan", "import", str(REGENCIES["TPAKD-LAMANDAU"])]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("pantau: ")
    assert 'team TPAKD-LAMANDAU: parent "TPAKD-KALTENG" is not in the database yet: import its plan first' in err[0]
    assert snapshot(engine) == before
    assert main(["plan", "import", str(PROVINCE)]) == 0
    assert main(["plan", "import", str(REGENCIES["TPAKD-LAMANDAU"])]) == 0


# --- pantau team ----------------------------------------------------------------------------------------------


def test_team_link_unlink_tree(cli_env: str, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope(engine) as session:
        for path in (PROVINCE, REGENCIES["TPAKD-LAMANDAU"], REGENCIES["TPAKD-GUMAS"]):
            _import(session, load_plan(path))

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("team", "tree")
    assert code == 0
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["TPAKD-KALTENG", "  TPAKD-GUMAS", "  TPAKD-LAMANDAU"]
    assert lines[0].endswith("(2 teams under it)")

    assert run("team", "unlink", "TPAKD-GUMAS")[:2] == (0, "Team TPAKD-GUMAS is no longer under TPAKD-KALTENG.\n")
    assert run("team", "unlink", "TPAKD-GUMAS")[:2] == (0, "Team TPAKD-GUMAS is under no team; nothing to do.\n")
    code, out, _ = run("team", "tree")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["TPAKD-GUMAS", "TPAKD-KALTENG", "  TPAKD-LAMANDAU"]

    # every mistake is one line, exit 2, and changes nothing
    before = snapshot(engine)
    mistakes = {
        ("team", "link", "TPAKD-GUMAS", "--parent", "TPAKD-GUMAS"): "team TPAKD-GUMAS cannot be its own parent",
        ("team", "link", "TPAKD-GUMAS", "--parent", "TPAKD-X"): 'no team "TPAKD-X" in the database (teams: ',
        ("team", "link", "TPAKD-X", "--parent", "TPAKD-KALTENG"): 'no team "TPAKD-X" in the database',
        ("team", "unlink", "TPAKD-X"): 'no team "TPAKD-X" in the database',
        ("team", "tree", "--team", "TPAKD-X"): 'no team "TPAKD-X" in the database',
        ("team", "link", "TPAKD-LAMANDAU", "--parent", "TPAKD-GUMAS"): (
            "team TPAKD-LAMANDAU is already under TPAKD-KALTENG: unlink it first (pantau team unlink TPAKD-LAMANDAU)"
        ),
        ("team", "link", "TPAKD-KALTENG", "--parent", "TPAKD-LAMANDAU"): (
            'team TPAKD-KALTENG: parent "TPAKD-LAMANDAU" is under this team (a loop)'
        ),
    }
    for argv, message in mistakes.items():
        code, out, err = run(*argv)
        assert (code, out) == (2, ""), argv
        assert err.count("\n") == 1 and err.startswith(f"pantau: {message}"), (argv, err)
    assert snapshot(engine) == before

    assert run("team", "link", "tpakd-gumas", "--parent", "TPAKD-KALTENG")[:2] == (
        0,
        "Team TPAKD-GUMAS is now under TPAKD-KALTENG.\n",
    )
    assert run("team", "link", "TPAKD-GUMAS", "--parent", "TPAKD-KALTENG")[:2] == (
        0,
        "Team TPAKD-GUMAS is already under TPAKD-KALTENG.\n",
    )
    with session_scope(engine) as session:
        assert read_plan(session, "TPAKD-GUMAS").team.parent == "TPAKD-KALTENG"
    code, out, _ = run("team", "tree", "--team", "TPAKD-KALTENG")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["TPAKD-KALTENG", "  TPAKD-GUMAS", "  TPAKD-LAMANDAU"]


def test_team_tree_of_an_empty_database(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["team", "tree"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == "No teams yet: pantau plan import FILE\n"


# --- pantau plan generate --province --------------------------------------------------------------------------


def test_generate_a_small_province(engine: Engine) -> None:
    with session_scope(engine) as session:
        stats = generate_province(
            session,
            parent_code="PROV",
            children=3,
            orgs=3,
            activities=30,
            periods=4,
            year=2026,
            now=NOW,
            with_reports=True,
            seed=2,
            shared_share=0.3,
        )
    assert list(stats.children) == child_codes("PROV", 3) == ["PROV-K01", "PROV-K02", "PROV-K03"]
    assert stats.summary().startswith("3 child teams; in all: organizations 9, ")
    with session_scope(engine) as session:
        teams = {t.code: t for t in session.exec(select(Team)).all()}
        parent = teams["PROV"]
        assert set(teams) == {"PROV", *stats.children}
        assert parent.parent_id is None and parent.children_deadline_working_days == 10
        assert all(teams[c].parent_id == parent.id for c in stats.children)
        roles = session.exec(select(Membership.role).where(Membership.team_id == parent.id)).all()
        assert sorted(roles) == ["chair", "secretariat"]  # monitoring only: no plan of its own
        assert read_plan(session, "PROV").activity_count == 0
        # every team has its version 1, so a change is version 2
        assert sorted(session.exec(select(PlanVersion.number)).all()) == [1, 1, 1, 1]
        activities = session.exec(select(Activity)).all()
        shared = [a for a in activities if a.shared_code is not None]
        assert 0.15 * len(activities) <= len(shared) <= 0.45 * len(activities)
        kinds: dict[str, set[tuple[str, str, str]]] = {}
        for a in shared:
            kinds.setdefault(a.shared_code or "", set()).add((a.indicator, a.unit, a.measure))
        assert all(len(v) == 1 for v in kinds.values()), kinds  # one code, one indicator in every team
        assert {"KUR-UMKM", "INKLUSI-INDEKS"} <= set(kinds)
        assert stats.children["PROV-K01"].reports > 0

        plan = read_plan(session, "PROV-K02")
        program = plan.programs[0]
        first = program.activities[0]
        targets = tuple(replace(t, value=t.value + 1) if t.period == "2026-Q4" else t for t in first.targets)
        changed = replace(first, targets=targets)
        plan = replace(
            plan, programs=(replace(program, activities=(changed, *program.activities[1:])), *plan.programs[1:])
        )
        info = apply_change(session, prepare_change(session, plan, effective_from="2026-Q4"), now=NOW, basis="uji")
        assert info.number == 2

    with session_scope(engine) as session, pytest.raises(GeneratorError, match='team "PROV" already exists'):
        generate_province(session, parent_code="PROV", children=1, orgs=1, activities=1, periods=1, year=2026, now=NOW)
    with session_scope(engine) as session, pytest.raises(GeneratorError, match=r"--province: 1\.\.100"):
        generate_province(session, parent_code="P2", children=0, orgs=1, activities=1, periods=1, year=2026, now=NOW)


def test_generate_a_province_from_the_cli(cli_env: str, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "generate", "--team", "SIM", "--orgs", "2", "--activities", "8", "--periods", "4", "--year", "2025"]
    assert main([*argv, "--province", "2", "--with-reports"]) == 0
    out = capsys.readouterr().out
    assert "done: province SIM (2025): 2 child teams; in all: organizations 4, " in out
    assert main(["team", "tree"]) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == ["SIM", "  SIM-K01", "  SIM-K02"]
    before = snapshot(engine)
    for extra, message in (
        (["--province", "0"], "--province: 1..100 child teams"),
        (["--province", "2", "--shared-share", "1.5"], "--shared-share: a fraction of the activities, 0..1"),
        (["--province", "2"], 'team "SIM" already exists'),
    ):
        assert main([*argv, *extra]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"pantau: {message}"), err
    long = ["plan", "generate", "--team", "X" * 27, "--province", "2"]
    assert main(long) == 2
    assert "at most 26 characters with --province" in capsys.readouterr().err
    assert snapshot(engine) == before
