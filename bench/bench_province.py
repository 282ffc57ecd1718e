"""Time a parent team's queries (a province over its regencies, issue 15) on the synthetic province against one
hand-written SQL statement each that gives the same answer, on SQLite and PostgreSQL.

    /work/venv/bin/python bench/bench_province.py [--pg postgresql://postgres@127.0.0.1/test] [--repeat 21]
        [--province 14 --orgs 60 --activities 600 --periods 4]

The province is made once per engine by ``pantau plan generate --province`` 's code (a parent, monitoring only,
over N child teams, each with ``--orgs``, ``--activities`` and ``--periods`` and report history for the whole
year) in a temporary database; the bench then closes the period for some children (on time, late, closed and
reopened, by hand or automatically), so the roll-up's closing columns are not all empty.

What is timed, in turn within every round (so a busy machine slows all alike), medians of ``--repeat`` rounds:

- the ``storage.aggregates.province`` functions behind the parent's commands: ``rollup`` (/rekap, /belum, the roll-up
  sheet of the Excel recap), ``missing_organizations`` (/belum), ``shared_indicator`` for a count code and a level
  code (/indikator), ``shared_codes`` (/indikator's list), and ``progress.province_charts.collect_rollup`` (the
  Excel roll-up sheet's rows, rated on the parent's scale);
- each against **same**: one hand-written statement (``ROLLUP_SQL``, ``MISSING_SQL``, ``SHARED_SQL``, ``CODES_SQL``)
  returning the same answer; before timing, the bench asserts that the two answers are equal (rounded as the
  aggregates round). Only ``execute`` + ``fetchall`` of the floor is timed;
- the commands' whole reads (``progress.province.load_parent_rekap``, ``load_parent_belum``, ``load_indikator``:
  the team, the period, then the functions above), against the sum of the floors of the statements each needs,
  timed in the same round (``/indikator`` of a known code needs the indicator only: the codes are listed only
  after an unknown one);
- for information, without a floor: the whole Excel recap's reads (``build_province_recap``: the roll-up and each
  child's period sheet), and with ``--workbook`` the whole workbook rendered once (``render_province_xlsx``,
  without the chart).

Goals (issue 15 item 5): each under 300 ms and within 1.5x of its same-answer floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from bench.bench_queries import _ACH, _EXPECTED, _GOT, _SPENT, _SUMS, _VALUE, _r
from pantau.plangen import generate_province
from progress import province as views_province
from progress import province_charts, province_xlsx
from storage import aggregates as agg
from storage.db import make_sync_engine, session_scope
from storage.migrate import upgrade
from storage.models import PeriodClosing, Report, Team

YEAR = 2025
NOW = datetime(YEAR + 1, 1, 31, 12, tzinfo=UTC)  # every quarter of the year has ended: full report history
PERIOD = f"{YEAR}-Q3"
PARENT = "PROV"
COUNT_CODE = "KUR-UMKM"  # per_period: the parent's total
LEVEL_CODE = "INKLUSI-INDEKS"  # level: the parent's mean over every reporting activity
GOAL_MS = 300.0
GOAL_RATIO = 1.5

# --- the same-answer floors ------------------------------------------------------------------------------------

# Every child's total as its own /rekap says it (bench_queries' per-activity terms, the team being each activity's
# own and the cap each child's own), its standing closing of the period and whether it came by the parent's
# deadline (``:cutoff``: the first instant after the deadline day in the parent's time zone, computed in Python).
ROLLUP_SQL = text(
    f"""
WITH base AS MATERIALIZED (
  SELECT p.team_id AS tid, a.budget_ceiling AS ceiling,
         CAST(COALESCE(a.budget_ceiling, 0) AS DOUBLE PRECISION) AS w,
         COALESCE(CAST(c.achievement_cap AS DOUBLE PRECISION), :inf) AS tcap,
         CASE WHEN {_EXPECTED} THEN 1 ELSE 0 END AS expected,
         CASE WHEN {_EXPECTED} AND {_GOT} THEN 1 ELSE 0 END AS received,
         CASE WHEN {_EXPECTED} AND {_GOT} AND r.on_time THEN 1 ELSE 0 END AS on_time,
         CASE WHEN {_EXPECTED} AND r.status = 'returned' THEN 1 ELSE 0 END AS returned,
         {_VALUE} AS x,
         CASE WHEN {_EXPECTED} THEN t.value END AS tv, t.value_min AS lo, t.value_max AS hi,
         CASE WHEN a.direction = 'turun' THEN 1 ELSE 0 END AS down,
         CASE WHEN {_EXPECTED} THEN t.planned_physical END AS planned,
         CASE WHEN {_EXPECTED} AND t.planned_physical IS NOT NULL THEN
           COALESCE(CASE WHEN {_GOT} THEN v.physical_pct END,
             (SELECT v2.physical_pct FROM report r2 JOIN report_revision v2 ON v2.id = r2.current_revision_id
              WHERE r2.activity_id = a.id AND r2.period_key > :floor AND r2.period_key < :pk
                AND r2.status <> 'returned' AND v2.physical_pct IS NOT NULL
              ORDER BY r2.period_key DESC LIMIT 1), 0) END AS actual,
         {_SPENT} AS spent
  FROM team c
  JOIN program p ON p.team_id = c.id
  JOIN activity a ON a.program_id = p.id
  LEFT JOIN target t ON t.activity_id = a.id AND t.period_key = :pk
  LEFT JOIN exemption e ON e.team_id = p.team_id AND e.organization_id = a.organization_id AND e.period_key = :pk
  LEFT JOIN report r ON r.activity_id = a.id AND r.period_key = :pk
  LEFT JOIN report_revision v ON v.id = r.current_revision_id
  WHERE c.parent_id = :parent
),
rated AS (SELECT base.*, {_ACH.replace(":cap", "tcap")} AS ach FROM base)
SELECT c.code, g.*, pc.closed_at, pc.automatic, CASE WHEN pc.closed_at < :cutoff THEN 1 ELSE 0 END AS on_time
FROM team c
LEFT JOIN (SELECT tid, {_SUMS} FROM rated GROUP BY tid) g ON g.tid = c.id
LEFT JOIN period_closing pc ON pc.team_id = c.id AND pc.period_key = :pk AND pc.reopened_at IS NULL
WHERE c.parent_id = :parent
ORDER BY c.code
"""
)

MISSING_SQL = text(
    """
SELECT p.team_id, o.id, o.code, o.name, COUNT(*) AS expected,
       SUM(CASE WHEN r.id IS NOT NULL AND r.status <> 'returned' THEN 1 ELSE 0 END) AS received,
       SUM(CASE WHEN r.status = 'returned' THEN 1 ELSE 0 END) AS returned
FROM team c
JOIN program p ON p.team_id = c.id
JOIN activity a ON a.program_id = p.id
JOIN target t ON t.activity_id = a.id AND t.period_key = :pk
JOIN organization o ON o.id = a.organization_id
LEFT JOIN report r ON r.activity_id = a.id AND r.period_key = :pk
WHERE c.parent_id = :parent
  AND NOT EXISTS (SELECT 1 FROM exemption e
                  WHERE e.team_id = p.team_id AND e.organization_id = a.organization_id AND e.period_key = :pk)
GROUP BY p.team_id, o.id, o.code, o.name
HAVING SUM(CASE WHEN r.id IS NOT NULL AND r.status <> 'returned' THEN 1 ELSE 0 END) < COUNT(*)
ORDER BY p.team_id, COUNT(*) - SUM(CASE WHEN r.id IS NOT NULL AND r.status <> 'returned' THEN 1 ELSE 0 END) DESC,
         o.code
"""
)

# Per child with the code: activities, reporting, value (sum, or mean for a level), targeted, target; then the
# parent's row (tid NULL) over every activity; the measure is the most common one among the activities.
SHARED_SQL = text(
    f"""
WITH x AS MATERIALIZED (
  SELECT c.id AS tid, c.code AS tcode, a.measure, {_VALUE} AS x, t.value AS tv
  FROM team c
  JOIN program p ON p.team_id = c.id
  JOIN activity a ON a.program_id = p.id
  LEFT JOIN target t ON t.activity_id = a.id AND t.period_key = :pk
  LEFT JOIN report r ON r.activity_id = a.id AND r.period_key = :pk
  LEFT JOIN report_revision v ON v.id = r.current_revision_id
  WHERE c.parent_id = :parent AND UPPER(a.shared_code) = :code
),
m AS (SELECT measure FROM x GROUP BY measure ORDER BY COUNT(*) DESC, measure LIMIT 1)
SELECT tid, tcode, m.measure, COUNT(*), COUNT(x.x),
       CASE WHEN m.measure = 'level' THEN AVG(x.x) ELSE SUM(x.x) END,
       COUNT(tv), CASE WHEN m.measure = 'level' THEN AVG(tv) ELSE SUM(tv) END
FROM x CROSS JOIN m GROUP BY tid, tcode, m.measure
UNION ALL
SELECT NULL, NULL, m.measure, COUNT(*), COUNT(x.x),
       CASE WHEN m.measure = 'level' THEN AVG(x.x) ELSE SUM(x.x) END,
       COUNT(tv), CASE WHEN m.measure = 'level' THEN AVG(tv) ELSE SUM(tv) END
FROM x CROSS JOIN m GROUP BY m.measure
ORDER BY 2
"""
)

CODES_SQL = text(
    """
SELECT a.shared_code, MIN(a.indicator), MIN(a.name)
FROM team c JOIN program p ON p.team_id = c.id JOIN activity a ON a.program_id = p.id
WHERE c.parent_id = :parent AND a.shared_code IS NOT NULL
GROUP BY a.shared_code ORDER BY a.shared_code
"""
)

# --- equality of the answers -----------------------------------------------------------------------------------


def _check_rollup(rollup: agg.Rollup, rows: list[Any]) -> None:
    def progress(p: agg.Progress) -> tuple[Any, ...]:
        return (
            p.activities,
            p.expected,
            p.received,
            p.on_time,
            p.returned,
            p.achievement,
            p.rated,
            p.budget_ceiling,
            p.physical_planned,
            p.physical_actual,
            p.budget_spent,
            p.turun,
        )

    def closing(at: Any) -> Any:
        if at is None:
            return None
        if isinstance(at, str):
            at = datetime.fromisoformat(at)
        return at.replace(tzinfo=UTC) if at.utcoffset() is None else at.astimezone(UTC)

    mine = {
        c.code: (progress(c.progress), c.closed_at, c.closed_automatically if c.closed else None, c.closed_on_time)
        for c in rollup.children
    }
    floor: dict[str, Any] = {}
    for code, tid, *rest in rows:
        n, exp, rec, ont, ret, ach, rated, ceiling, planned, actual, spent, down, at, auto, in_time = rest
        figures = (
            (0, 0, 0, 0, 0, None, 0, 0, None, None, 0, 0)
            if tid is None
            else (
                int(n),
                int(exp),
                int(rec),
                int(ont),
                int(ret),
                _r(ach),
                int(rated),
                int(ceiling),
                _r(planned),
                _r(actual),
                int(spent or 0),
                int(down),
            )
        )
        floor[code] = (figures, closing(at), None if at is None else bool(auto), None if at is None else bool(in_time))
    assert mine == floor, "rollup and its floor differ"
    # the rank: by achievement (highest first, none last), completeness, code; from the floor's own numbers
    ranked = sorted(
        floor,
        key=lambda code: (
            floor[code][0][5] is None,
            -(floor[code][0][5] or 0.0),
            floor[code][0][1] == 0,
            -(100.0 * floor[code][0][2] / floor[code][0][1] if floor[code][0][1] else 0.0),
            code,
        ),
    )
    assert [c.code for c in rollup.children] == ranked, "rollup's rank differs from the floor's"


def _check_missing(missing: dict[int, list[agg.MissingOrganization]], rows: list[Any]) -> None:
    mine = [
        (tid, o.organization_id, o.code, o.name, o.expected, o.received, o.returned)
        for tid in missing
        for o in missing[tid]
    ]
    floor = [(int(t), int(i), c, n, int(e), int(g or 0), int(b or 0)) for t, i, c, n, e, g, b in rows]
    assert sorted(mine) == sorted(floor), "missing_organizations and its floor differ"
    # the order within each child: most missing first, then code (the floor's ORDER BY)
    by_child = {tid: [o.code for o in orgs] for tid, orgs in missing.items()}
    floor_by_child: dict[int, list[str]] = {}
    for t, _i, c, *_ in floor:
        floor_by_child.setdefault(t, []).append(c)
    assert by_child == floor_by_child, "missing_organizations' order differs from the floor's"


def _close(a: float | None, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - float(b)) <= 1e-6 * max(1.0, abs(a))


def _check_shared(found: agg.SharedIndicator | None, rows: list[Any]) -> None:
    assert found is not None, "the shared code is unknown"
    parent = [r for r in rows if r[0] is None]
    kids = [r for r in rows if r[0] is not None]
    assert len(parent) == 1, "the floor has no parent's row"
    assert found.measure == parent[0][2], "shared_indicator's measure differs from the floor's"
    _tid, _code, _measure, _n, _reporting, value, _targeted, target = parent[0]
    assert _close(found.value, value), "the parent's figure differs"
    assert _close(found.target, target), "the parent's target differs"
    assert len(found.children) == len(kids), "shared_indicator's children differ from the floor's"
    for child, (tid, code, _m, n, reporting, value, targeted, target) in zip(found.children, kids, strict=True):
        assert (child.team_id, child.code, child.activities, child.reporting, child.targeted) == (
            int(tid),
            code,
            int(n),
            int(reporting),
            int(targeted),
        ), f"shared_indicator differs for {code}"
        assert _close(child.value, value), f"shared value differs for {code}"
        assert _close(child.target, target), f"shared target differs for {code}"


def _check_codes(codes: list[tuple[str, str]], rows: list[Any]) -> None:
    assert codes == [(str(c), str(i or n or "")) for c, i, n in rows], "shared_codes and its floor differ"


# --- the world -------------------------------------------------------------------------------------------------


def _generate(url: str, children: int, orgs: int, activities: int, periods: int) -> int:
    upgrade(url)
    engine = make_sync_engine(url)
    started = time.perf_counter()
    with session_scope(engine) as session:
        out = generate_province(
            session,
            parent_code=PARENT,
            children=children,
            orgs=orgs,
            activities=activities,
            periods=periods,
            year=YEAR,
            now=NOW,
            with_reports=True,
        )
    print(f"  generated in {time.perf_counter() - started:.1f} s: {out.summary()}")
    with session_scope(engine) as session:
        parent_id = int(session.execute(select(Team.id).where(Team.code == PARENT)).scalar_one())  # type: ignore[call-overload]
        stmt = select(Team.id).where(Team.parent_id == parent_id).order_by(Team.code)  # type: ignore[call-overload,arg-type]
        kids = [int(i) for i in session.execute(stmt).scalars()]
        _close_some(session, kids)
    with engine.connect() as conn:
        reports = conn.execute(select(func.count()).select_from(Report)).scalar_one()
    print(f"  {reports:,} report rows")
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return parent_id


def _close_some(session: Session, kids: list[int]) -> None:
    """Of every four children: one closed by hand before the parent's deadline, one closed automatically after it,
    one closed and reopened, one open."""
    table: Any = PeriodClosing.__table__  # type: ignore[attr-defined]
    early = datetime(YEAR, 10, 8, 3, tzinfo=UTC)
    late = datetime(YEAR, 11, 20, 3, tzinfo=UTC)
    rows = []
    for i, tid in enumerate(kids):
        kind = i % 4
        if kind == 3:
            continue
        rows.append(
            {
                "team_id": tid,
                "period_key": PERIOD,
                "closed_at": late if kind == 1 else early,
                "automatic": kind == 1,
                "reopened_at": early + timedelta(days=3) if kind == 2 else None,
            }
        )
    if rows:
        session.execute(insert(table), rows)


# --- timing ----------------------------------------------------------------------------------------------------


def _timed_ms(fns: list[Callable[[], Any]], repeat: int) -> list[float]:
    """Medians of each of ``fns``, timed in turn within every round, so that a busy machine slows all alike."""
    for fn in fns:
        fn()  # warm-up: statement cache, page cache
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, out in zip(fns, times, strict=True):
            started = time.perf_counter()
            fn()
            out.append((time.perf_counter() - started) * 1000)
    return [statistics.median(t) for t in times]


def _verdict(ms: float, ratio: float | None) -> str:
    fast = ms < GOAL_MS
    close = ratio is None or ratio <= GOAL_RATIO
    return "met" if fast and close else "NOT met"


def run(
    label: str, engine: Engine, parent_id: int, repeat: int, *, workbook: bool = False
) -> list[tuple[str, float, float | None, float | None]]:
    """Check and time every case; print and return (name, ms, floor ms, ratio)."""
    out: list[tuple[str, float, float | None, float | None]] = []
    with Session(engine) as session:
        conn = session.connection()
        if engine.dialect.name == "postgresql":
            # as the aggregates do for their transaction (storage.aggregates.team.start)
            conn.exec_driver_sql("SET jit = off")
            conn.exec_driver_sql("SET plan_cache_mode = force_custom_plan")
        rollup = agg.rollup(session, parent_id, PERIOD)
        parent = rollup.parent
        due = rollup.deadline
        cutoff = datetime.combine(due + timedelta(days=1), datetime.min.time(), ZoneInfo(parent.timezone))
        cutoff_utc = cutoff.astimezone(UTC)
        base = {"pk": PERIOD, "parent": parent_id, "floor": f"{YEAR}-", "inf": float("inf")}
        params: dict[str, Any] = {
            "rollup": {
                **base,
                "cutoff": cutoff_utc if engine.dialect.name == "postgresql" else cutoff_utc.replace(tzinfo=None),
            },
            "missing": {"pk": PERIOD, "parent": parent_id},
            "count": {**base, "code": COUNT_CODE},
            "level": {**base, "code": LEVEL_CODE},
            "codes": {"parent": parent_id},
        }

        def sql(statement: Any, key: str) -> Callable[[], Any]:
            return lambda: conn.execute(statement, params[key]).all()

        floors = {
            "rollup": sql(ROLLUP_SQL, "rollup"),
            "missing": sql(MISSING_SQL, "missing"),
            "count": sql(SHARED_SQL, "count"),
            "level": sql(SHARED_SQL, "level"),
            "codes": sql(CODES_SQL, "codes"),
        }
        cases: list[tuple[str, Callable[[], Any], list[str], Callable[[Any, Any], None] | None]] = [
            ("rollup (/rekap, /belum)", lambda: agg.rollup(session, parent_id, PERIOD), ["rollup"], _check_rollup),
            (
                "missing_organizations (/belum)",
                lambda: agg.missing_organizations(session, parent_id, PERIOD),
                ["missing"],
                _check_missing,
            ),
            (
                f"shared_indicator {COUNT_CODE}",
                lambda: agg.shared_indicator(session, parent_id, COUNT_CODE, PERIOD),
                ["count"],
                _check_shared,
            ),
            (
                f"shared_indicator {LEVEL_CODE}",
                lambda: agg.shared_indicator(session, parent_id, LEVEL_CODE, PERIOD),
                ["level"],
                _check_shared,
            ),
            ("shared_codes (/indikator list)", lambda: agg.shared_codes(session, parent_id), ["codes"], _check_codes),
            (
                "Excel roll-up sheet (collect_rollup)",
                lambda: province_charts.collect_rollup(session, parent_id, PERIOD),
                ["rollup"],
                None,
            ),
            (
                "/rekap load_parent_rekap",
                lambda: views_province.load_parent_rekap(session, parent_id, PERIOD, NOW),
                ["rollup"],
                None,
            ),
            (
                "/belum load_parent_belum",
                lambda: views_province.load_parent_belum(session, parent_id, PERIOD, NOW),
                ["rollup", "missing"],
                None,
            ),
            (
                # a known code: the indicator alone (the list of codes is read and shown only for an unknown one)
                f"/indikator load_indikator {COUNT_CODE}",
                lambda: views_province.load_indikator(session, parent_id, f"{COUNT_CODE} {PERIOD}", NOW),
                ["count"],
                None,
            ),
        ]
        print(f"\n{label}: period {PERIOD}, {repeat} rounds; medians in ms. same = the hand-written statement(s)")
        print("  giving the same answer (checked equal before timing), timed in turn in every round.")
        print(f"  {'query':40} {'ms':>7} {'same':>7} {'× same':>7}  goal < {GOAL_MS:.0f} ms, <= {GOAL_RATIO}x")
        for name, fn, floor_keys, check in cases:
            if check is not None:
                check(fn(), floors[floor_keys[0]]())
            timed = _timed_ms([*(floors[k] for k in floor_keys), fn], repeat)
            ms, same = timed[-1], sum(timed[:-1])
            ratio = ms / same
            print(f"  {name:40} {ms:7.1f} {same:7.1f} {ratio:7.2f}  {_verdict(ms, ratio)}", flush=True)
            out.append((name, ms, same, ratio))

        # For information: the whole Excel recap (the roll-up and each child's period sheet), no floor.
        def whole_read() -> Any:
            return province_xlsx.build_province_recap(session, parent_id, PERIOD, now=NOW)

        (read_ms,) = _timed_ms([whole_read], 3)
        print(f"  whole Excel recap's reads, for information: {read_ms:.0f} ms (the roll-up and every child's sheet)")
        out.append(("whole Excel recap reads", read_ms, None, None))
        if workbook:
            data = whole_read()
            started = time.perf_counter()
            province_xlsx.render_province_xlsx(data, chart=False)
            render_ms = (time.perf_counter() - started) * 1000
            print(f"  the whole workbook (without the chart) rendered in {render_ms:.0f} ms")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("PANTAU_TEST_DATABASE_URL"), help="PostgreSQL server URL")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--province", type=int, default=14, help="child teams")
    parser.add_argument("--orgs", type=int, default=60)
    parser.add_argument("--activities", type=int, default=600)
    parser.add_argument("--periods", type=int, default=4, help="4: quarters (the bench reads Q3)")
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--workbook", action="store_true", help="also render the whole Excel recap once (slow)")
    args = parser.parse_args()
    if args.periods != 4:
        parser.error("--periods must be 4: the bench reads the third quarter")
    shape = (args.province, args.orgs, args.activities, args.periods)
    print(
        f"province: {args.province} children x {args.orgs} organizations x {args.activities} activities x "
        f"{args.periods} periods, with reports; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()[0]:.1f}"
    )

    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            print("SQLite")
            parent_id = _generate(url, *shape)
            engine = make_sync_engine(url)
            run("SQLite", engine, parent_id, args.repeat, workbook=args.workbook)
            engine.dispose()

    if args.pg and not args.no_pg:
        import psycopg

        base = make_url(args.pg)
        name = f"pantau_bench_{uuid.uuid4().hex[:8]}"
        admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            url = base.set(database=name).render_as_string(hide_password=False)
            print("\nPostgreSQL")
            parent_id = _generate(url, *shape)
            engine = make_sync_engine(url)
            run("PostgreSQL", engine, parent_id, args.repeat, workbook=args.workbook)
            engine.dispose()
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
