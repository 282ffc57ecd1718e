"""Time the progress aggregates on the big synthetic plan against two SQL floors, on SQLite and PostgreSQL.

    /work/venv/bin/python bench/bench_queries.py [--pg postgresql://postgres@127.0.0.1/test] [--repeat 21]

The plan is made once per engine by the ``pantau plan generate`` code (60 organizations × 3,000 activities × 12
monthly periods with report history) in a temporary database (a temp SQLite file; a PostgreSQL database created
for the run and dropped after). Each aggregate runs ``--repeat`` times after a warm-up, in turn with two floors
in every round (so a busy machine slows all three alike), and the medians are printed with both ratios:

- *plain*: one plain ``GROUP BY`` over the same tables (the period's own targets and reports only): what the
  issue first measured against, kept for transparency. It does not compute the aggregates' answers (no
  exemptions, no look-back to earlier reports, no budget to date, one period instead of twelve for compliance).
- *same*: for each aggregate, one hand-written SQL statement that returns the same numbers (unrounded, as rows;
  ``execute`` + ``fetchall`` is all that is timed). Before timing, the bench rounds them as the aggregates do and
  asserts that they equal the aggregate's result, so the floor is a real equivalent.

Goal: each aggregate ≤ 1.5× the floor and < 100 ms.
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
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from pantau.plangen import generate_team
from storage import aggregates as agg
from storage.db import make_sync_engine, session_scope
from storage.migrate import upgrade
from storage.models import Report, Team

YEAR = 2025
NOW = datetime(YEAR + 1, 1, 31, 12, tzinfo=UTC)  # every period of the year has ended: full report history
PERIOD = f"{YEAR}-06"

FLOOR_SQL = text(
    """
    SELECT a.organization_id, COUNT(t.id), COUNT(r.id),
           SUM(CASE WHEN r.on_time THEN 1 ELSE 0 END), SUM(v.value)
    FROM activity a
    JOIN program p ON p.id = a.program_id
    LEFT JOIN target t ON t.activity_id = a.id AND t.period_key = :pk
    LEFT JOIN report r ON r.activity_id = a.id AND r.period_key = :pk
    LEFT JOIN report_revision v ON v.id = r.current_revision_id
    WHERE p.team_id = :team
    GROUP BY a.organization_id
    """
)

# --- equivalent floors: one hand-written statement per aggregate, returning the same numbers (unrounded) --------
# Each is checked against the aggregate before timing (``_check_*``): rounded like the aggregates, they must be equal.

# The latest received report of the activity before the period, with a non-null ``col`` (the look-back).
_LOOKBACK = """(SELECT v2.{col} FROM report r2 JOIN report_revision v2 ON v2.id = r2.current_revision_id
      WHERE r2.activity_id = a.id AND r2.period_key > :floor AND r2.period_key < :pk
        AND r2.status <> 'returned' AND v2.{col} IS NOT NULL
      ORDER BY r2.period_key DESC LIMIT 1)"""
_GOT = "r.current_revision_id IS NOT NULL AND r.status <> 'returned'"
_EXPECTED = "t.id IS NOT NULL AND e.id IS NULL"
# The realisation that counts (NULL: nothing received): the period's own; a running total or a level carries the
# latest earlier one.
_VALUE = f"""CASE WHEN {_GOT} THEN v.value
                  WHEN a.measure IN ('cumulative', 'level') THEN {_LOOKBACK.format(col="value")} END"""
# An activity's achievement from the columns of ``base`` (x, tv, lo, hi, down), capped at :cap (infinity: no cap):
# nothing received is 0 against a positive target; inside a range 100; else naik x ÷ b, turun (b − (x − b)) ÷ b
# floored at 0, against b = the range's nearer bound or the target; b = 0: no percentage.
_BOUND = "CASE WHEN lo IS NOT NULL AND x < lo THEN lo WHEN lo IS NOT NULL AND x > hi THEN hi ELSE tv END"
_RAW = f"""CASE WHEN down = 1 THEN 100.0 * (({_BOUND}) - (x - ({_BOUND}))) / ({_BOUND})
                ELSE 100.0 * x / ({_BOUND}) END"""
_ACH = f"""CASE WHEN tv IS NULL THEN NULL
       WHEN x IS NULL THEN CASE WHEN tv > 0 THEN 0.0 END
       WHEN lo IS NOT NULL AND x >= lo AND x <= hi THEN 100.0
       WHEN ({_BOUND}) > 0 THEN CASE WHEN ({_RAW}) < 0 THEN 0.0 WHEN ({_RAW}) > :cap THEN :cap ELSE ({_RAW}) END
  END"""
_SUMMARY_SQL = f"""
WITH base AS MATERIALIZED (
  SELECT a.organization_id AS org, a.program_id AS prog, a.budget_ceiling AS ceiling,
         CAST(COALESCE(a.budget_ceiling, 0) AS DOUBLE PRECISION) AS w,
         CASE WHEN {_EXPECTED} THEN 1 ELSE 0 END AS expected,
         CASE WHEN {_EXPECTED} AND {_GOT} THEN 1 ELSE 0 END AS received,
         CASE WHEN {_EXPECTED} AND {_GOT} AND r.on_time THEN 1 ELSE 0 END AS on_time,
         CASE WHEN {_EXPECTED} AND r.status = 'returned' THEN 1 ELSE 0 END AS returned,
         {_VALUE} AS x,
         CASE WHEN {_EXPECTED} THEN t.value END AS tv, t.value_min AS lo, t.value_max AS hi,
         CASE WHEN a.direction = 'turun' THEN 1 ELSE 0 END AS down,
         CASE WHEN {_EXPECTED} THEN t.planned_physical END AS planned,
         CASE WHEN {_EXPECTED} AND t.planned_physical IS NOT NULL THEN
           COALESCE(CASE WHEN {_GOT} THEN v.physical_pct END, {_LOOKBACK.format(col="physical_pct")}, 0) END AS actual,
         {{spent}} AS spent
  FROM activity a
  JOIN program p ON p.id = a.program_id
  LEFT JOIN target t ON t.activity_id = a.id AND t.period_key = :pk
  LEFT JOIN exemption e ON e.team_id = :team AND e.organization_id = a.organization_id AND e.period_key = :pk
  LEFT JOIN report r ON r.activity_id = a.id AND r.period_key = :pk
  LEFT JOIN report_revision v ON v.id = r.current_revision_id
  WHERE p.team_id = :team
),
rated AS (SELECT base.*, {_ACH} AS ach FROM base)
SELECT 'o' AS kind, o.code, o.name, g.* FROM (SELECT org AS gid, {{sums}} FROM rated GROUP BY org) g
  JOIN organization o ON o.id = g.gid
UNION ALL
SELECT 'p', p.code, p.name, g.* FROM (SELECT prog, {{sums}} FROM rated GROUP BY prog) g JOIN program p ON p.id = g.prog
UNION ALL
SELECT 't', NULL, NULL, NULL, {{sums}} FROM rated
UNION ALL
SELECT 'x', o.code, o.name, {{nulls}} FROM exemption e JOIN organization o ON o.id = e.organization_id
  WHERE e.team_id = :team AND e.period_key = :pk
"""
_SUMS = """COUNT(*), SUM(expected), SUM(received), SUM(on_time), SUM(returned),
  SUM(ach) / NULLIF(COUNT(ach), 0), COUNT(ach), SUM(COALESCE(ceiling, 0)),
  CASE WHEN SUM(CASE WHEN planned IS NOT NULL THEN w END) > 0
       THEN SUM(w * planned) / SUM(CASE WHEN planned IS NOT NULL THEN w END) ELSE AVG(planned) END,
  CASE WHEN SUM(CASE WHEN planned IS NOT NULL THEN w END) > 0
       THEN SUM(w * actual) / SUM(CASE WHEN planned IS NOT NULL THEN w END) ELSE AVG(actual) END,
  SUM(spent), SUM(CASE WHEN tv IS NOT NULL THEN down ELSE 0 END)"""
_SPENT = f"""CASE WHEN {_GOT} AND v.budget_spent IS NOT NULL THEN v.budget_spent
       ELSE {_LOOKBACK.format(col="budget_spent")} END"""
REKAP_SQL = text(_SUMMARY_SQL.format(spent="0", sums=_SUMS, nulls=", ".join(["NULL"] * 13)))
PROGRES_SQL = text(_SUMMARY_SQL.format(spent=_SPENT, sums=_SUMS, nulls=", ".join(["NULL"] * 13)))

LAGGARDS_SQL = text(
    """
    WITH exp AS MATERIALIZED (
      SELECT a.organization_id AS org, a.code, a.name, p.code AS pcode, p.position AS ppos, a.position AS apos,
             r.status, r.status_reason, t.value, t.value_min, t.value_max, a.unit, a.measure, a.direction,
             CASE WHEN r.current_revision_id IS NOT NULL AND r.status <> 'returned' THEN 1 ELSE 0 END AS got,
             COUNT(*) OVER (PARTITION BY a.organization_id) AS expected,
             SUM(CASE WHEN r.current_revision_id IS NOT NULL AND r.status <> 'returned' THEN 1 ELSE 0 END)
               OVER (PARTITION BY a.organization_id) AS received
      FROM target t
      JOIN activity a ON a.id = t.activity_id
      JOIN program p ON p.id = a.program_id
      LEFT JOIN report r ON r.activity_id = t.activity_id AND r.period_key = t.period_key
      WHERE p.team_id = :team AND t.period_key = :pk
        AND NOT EXISTS (SELECT 1 FROM exemption e
                        WHERE e.team_id = :team AND e.organization_id = a.organization_id AND e.period_key = :pk)
    )
    SELECT 'a' AS kind, o.code AS ocode, o.name AS oname, x.expected, x.received, x.code, x.name, x.pcode,
           x.status, x.status_reason, x.ppos, x.apos, x.value, x.value_min, x.value_max, x.unit, x.measure,
           x.direction
    FROM exp x JOIN organization o ON o.id = x.org WHERE x.got = 0
    UNION ALL
    SELECT 'f', o.code, NULL, pe.telegram_id, NULL, pe.name, pe.username, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL
    FROM membership m JOIN person pe ON pe.id = m.person_id JOIN organization o ON o.id = m.organization_id
    WHERE m.team_id = :team AND m.role = 'focal_point'
      AND m.organization_id IN (SELECT org FROM exp WHERE got = 0)
    ORDER BY 1, 2, 11, 12, 6
    """
)

SCURVE_SQL = text(
    """
    WITH pop AS MATERIALIZED (
      SELECT a.id, a.budget_ceiling AS ceiling, CAST(COALESCE(a.budget_ceiling, 0) AS DOUBLE PRECISION) AS w
      FROM activity a JOIN program p ON p.id = a.program_id
      WHERE p.team_id = :team AND EXISTS (
        SELECT 1 FROM target t WHERE t.activity_id = a.id AND t.planned_physical IS NOT NULL
          AND t.period_key > :floor AND t.period_key <= :last)
    ),
    tot AS (SELECT COUNT(*) AS n, SUM(ceiling) AS ceiling FROM pop),
    plan AS (
      SELECT t.period_key AS pk, SUM(CASE WHEN tot.ceiling > 0 THEN pop.w ELSE 1.0 END * t.planned_physical) AS s,
             COUNT(*) AS rows_n
      FROM pop JOIN target t ON t.activity_id = pop.id CROSS JOIN tot
      WHERE t.planned_physical IS NOT NULL AND t.period_key > :floor AND t.period_key <= :last
      GROUP BY t.period_key
    ),
    inc AS (
      SELECT r.period_key AS pk, CASE WHEN tot.ceiling > 0 THEN pop.w ELSE 1.0 END
             * (v.physical_pct - COALESCE(LAG(v.physical_pct) OVER (PARTITION BY r.activity_id
                                                                    ORDER BY r.period_key), 0)) AS d
      FROM pop JOIN report r ON r.activity_id = pop.id JOIN report_revision v ON v.id = r.current_revision_id
      CROSS JOIN tot
      WHERE r.status <> 'returned' AND v.physical_pct IS NOT NULL AND r.period_key > :floor AND r.period_key <= :upto
    ),
    act AS (SELECT pk, SUM(d) AS s FROM inc GROUP BY pk)
    SELECT plan.pk,
           plan.s / CASE WHEN tot.ceiling > 0 THEN tot.ceiling ELSE tot.n END,
           CASE WHEN plan.pk <= :upto THEN SUM(COALESCE(act.s, 0)) OVER (ORDER BY plan.pk)
                                           / CASE WHEN tot.ceiling > 0 THEN tot.ceiling ELSE tot.n END END,
           plan.rows_n - tot.n
    FROM plan LEFT JOIN act ON act.pk = plan.pk CROSS JOIN tot
    ORDER BY plan.pk
    """
)

COMPLIANCE_SQL = text(
    """
    SELECT o.code, t.period_key, COUNT(*),
           SUM(CASE WHEN r.current_revision_id IS NOT NULL AND r.status <> 'returned' THEN 1 ELSE 0 END),
           SUM(CASE WHEN r.current_revision_id IS NOT NULL AND r.status <> 'returned' AND r.on_time THEN 1 ELSE 0 END),
           SUM(CASE WHEN r.status = 'returned' THEN 1 ELSE 0 END),
           MAX(CASE WHEN e.id IS NOT NULL THEN 1 ELSE 0 END)
    FROM target t
    JOIN activity a ON a.id = t.activity_id
    JOIN program p ON p.id = a.program_id
    JOIN organization o ON o.id = a.organization_id
    LEFT JOIN report r ON r.activity_id = t.activity_id AND r.period_key = t.period_key
    LEFT JOIN exemption e ON e.team_id = :team AND e.organization_id = a.organization_id
                         AND e.period_key = t.period_key
    WHERE p.team_id = :team AND t.period_key > :floor AND t.period_key <= :last
    GROUP BY o.code, t.period_key
    """
)

ROWS_SQL = text(
    f"""
    SELECT o.code AS ocode, p.code AS pcode, a.code, t.value,
           CASE WHEN e.id IS NULL THEN {_VALUE} END AS x, t.value_min, t.value_max, a.direction,
           CASE WHEN e.id IS NOT NULL THEN 1 ELSE 0 END AS exempt,
           {_SPENT} AS spent,
           CASE WHEN e.id IS NULL AND t.planned_physical IS NOT NULL THEN
             COALESCE(CASE WHEN {_GOT} THEN v.physical_pct END, {_LOOKBACK.format(col="physical_pct")}, 0) END,
           CASE WHEN e.id IS NOT NULL THEN 'exempt' ELSE COALESCE(r.status, 'missing') END AS status,
           CASE WHEN e.id IS NULL AND {_GOT} THEN r.on_time END AS on_time,
           pe.name AS reporter, v.submitted_at, o.name, p.name, a.name, a.indicator, a.unit, a.measure,
           a.budget_ceiling, t.planned_physical, v.obstacles, v.follow_up
    FROM activity a
    JOIN program p ON p.id = a.program_id
    JOIN target t ON t.activity_id = a.id AND t.period_key = :pk
    JOIN organization o ON o.id = a.organization_id
    LEFT JOIN exemption e ON e.team_id = :team AND e.organization_id = a.organization_id AND e.period_key = :pk
    LEFT JOIN report r ON r.activity_id = a.id AND r.period_key = :pk
    LEFT JOIN report_revision v ON v.id = r.current_revision_id
    LEFT JOIN person pe ON pe.id = v.reporter_id
    WHERE p.team_id = :team
    ORDER BY p.position, p.code, o.code, a.position, a.code
    """
)


def _r(value: Any) -> float | None:
    return agg.round_pct(float(value)) if value is not None else None


def _check_summary(summary: agg.PeriodSummary, rows: list[Any]) -> None:
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

    mine = {("o", p.code): progress(p) for p in summary.by_organization}
    mine |= {("p", p.code): progress(p) for p in summary.by_program}
    mine[("t", None)] = progress(summary.total)
    mine |= {("x", code): None for code, _ in summary.exempt}
    floor: dict[tuple[str, Any], Any] = {}
    for kind, code, _name, _gid, n, exp, rec, ont, ret, ach, rated, ceiling, planned, actual, spent, down in rows:
        floor[(kind, code)] = (
            None
            if kind == "x"
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
    assert mine == floor, "period_summary and its floor differ"


def _check_laggards(laggards: list[agg.Laggard], rows: list[Any]) -> None:
    mine = {
        lg.code: (
            lg.expected,
            lg.received,
            [
                (
                    a.code,
                    a.name,
                    a.program_code,
                    a.returned,
                    a.reason,
                    a.target,
                    a.target_min,
                    a.target_max,
                    a.unit,
                    a.measure,
                    a.direction,
                )
                for a in lg.activities
            ],
            sorted(f.telegram_id for f in lg.focal_points),
        )
        for lg in laggards
    }
    floor: dict[str, Any] = {}
    for kind, ocode, _oname, expected, received, code, name, pcode, status, reason, _pp, _ap, *target in rows:
        if kind == "a":
            entry = floor.setdefault(ocode, (int(expected), int(received), [], []))
            returned = status == "returned"
            value, low, high, unit, measure, direction = target
            ranged = low is not None and high is not None
            entry[2].append(
                (
                    code,
                    name,
                    pcode,
                    returned,
                    reason if returned else None,
                    float(value),
                    float(low) if ranged else None,
                    float(high) if ranged else None,
                    unit or "",
                    measure,
                    direction,
                )
            )
        else:
            floor[ocode][3].append(int(expected))  # the telegram id rides in that column
    floor = {k: (e, r, acts, sorted(tg)) for k, (e, r, acts, tg) in floor.items()}
    assert mine == floor, "laggards and its floor differ"


def _check_scurve(curve: agg.SCurve, rows: list[Any]) -> None:
    mine = [(p.period.key, p.planned, p.actual) for p in curve.points]
    floor = [(str(pk), _r(planned), _r(actual)) for pk, planned, actual, _gap in rows]
    # The floor sums the plan per period as it stands, which is the cumulative plan when every activity of the
    # population has a plan row in every period (the aggregate checks this and falls back otherwise): so must here.
    assert all(int(gap) == 0 for *_, gap in rows), "the plan has gaps: the floor would not give the same answer"
    assert mine == floor, "scurve and its floor differ"


def _check_compliance(matrix: agg.Compliance, rows: list[Any]) -> None:
    mine = {
        (row.code, period.key): (c.expected, c.received, c.on_time, c.returned, c.exempt)
        for row in matrix.rows
        for period, c in zip(matrix.periods, row.cells, strict=True)
        if c.expected or c.exempt
    }
    floor = {(code, pk): (int(n), int(rec), int(ont), int(ret), bool(ex)) for code, pk, n, rec, ont, ret, ex in rows}
    assert mine == floor, "compliance and its floor differ"


def _check_rows(sheet: list[agg.ActivityRow], rows: list[Any]) -> None:
    mine = [
        (
            r.organization_code,
            r.program_code,
            r.activity_code,
            r.target,
            r.realised,
            r.achievement,
            r.budget_spent,
            r.physical_actual,
            r.status,
            r.on_time,
            r.reporter,
            r.direction,
            r.target_min,
            r.target_max,
            r.met,
        )
        for r in sheet
    ]
    floor = []
    for ocode, pcode, code, target, x, low, high, direction, exempt, spent, phys, status, on_time, reporter, *_ in rows:
        value = None if x is None else float(x)
        ranged = low is not None and high is not None
        lo, hi = (float(low), float(high)) if ranged else (None, None)
        pct, met = (None, None) if exempt else _floor_pct(value, float(target), lo, hi, direction == "turun")
        realised = None if exempt or (value is None and direction == "turun") else (value or 0.0)
        floor.append(
            (
                ocode,
                pcode,
                code,
                float(target),
                realised,
                _r(pct) if pct is not None else None,
                None if spent is None else int(spent),
                None if phys is None else float(phys),
                status,
                None if on_time is None else bool(on_time),
                reporter,
                direction,
                lo,
                hi,
                met if pct is None else _r(pct) >= 100.0,  # type: ignore[operator]
            )
        )
    assert mine == floor, "activity_rows and its floor differ"


def _floor_pct(x: float | None, target: float, lo: float | None, hi: float | None, down: bool) -> tuple[Any, Any]:
    """A sheet row's (achievement, met) by the rules of ``_ACH``, uncapped (a row is never capped); ``met`` only
    where there is no percentage."""
    if x is None:
        return (0.0 if target > 0 else None), (False if target > 0 else None)
    if lo is not None and hi is not None and lo <= x <= hi:
        return 100.0, True
    b = lo if lo is not None and x < lo else hi if hi is not None and x > hi else target
    if b <= 0:
        return None, x <= 0 if down else x >= 0
    return (max(0.0, 100.0 * (b - (x - b)) / b) if down else 100.0 * x / b), None


def _generate(url: str, orgs: int, activities: int, periods: int) -> int:
    upgrade(url)
    engine = make_sync_engine(url)
    started = time.perf_counter()
    with session_scope(engine) as session:
        out = generate_team(
            session,
            team_code="BENCH",
            orgs=orgs,
            activities=activities,
            periods=periods,
            year=YEAR,
            now=NOW,
            with_reports=True,
        )
    print(f"  generated in {time.perf_counter() - started:.1f} s: {out.summary()}")
    with engine.connect() as conn:
        team_id = conn.execute(select(Team.id).where(Team.code == "BENCH")).scalar_one()  # type: ignore[call-overload]
        reports = conn.execute(select(func.count()).select_from(Report)).scalar_one()
    print(f"  {reports:,} report rows")
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return int(team_id)


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


def _run(label: str, engine: Engine, team_id: int, repeat: int) -> None:
    today = date(YEAR + 1, 1, 31)
    with Session(engine) as session:
        cap = agg.team_info(session, team_id).achievement_cap  # the synthetic team's: the default, 150
        params = {
            "pk": PERIOD,
            "team": team_id,
            "floor": f"{YEAR}-",
            "last": f"{YEAR}-12",
            "upto": PERIOD,
            "cap": cap if cap is not None else float("inf"),
        }
        conn = session.connection()
        if engine.dialect.name == "postgresql":
            # As the aggregates do for their transaction: no JIT, and no generic plans once psycopg has prepared a
            # statement (after its 5th run): the compliance floor went from ~40 to ~300 ms on its 11th run.
            conn.exec_driver_sql("SET jit = off")
            conn.exec_driver_sql("SET plan_cache_mode = force_custom_plan")

        def floor() -> Any:
            return conn.execute(FLOOR_SQL, {"pk": PERIOD, "team": team_id}).all()

        def sql(statement: Any) -> Callable[[], Any]:
            return lambda: conn.execute(statement, params).all()

        cases: list[tuple[str, Callable[[], Any], Any, Callable[[Any, Any], None]]] = [
            (
                "period_summary (/rekap)",
                lambda: agg.period_summary(session, team_id, PERIOD, with_budget=False),
                REKAP_SQL,
                _check_summary,
            ),
            (
                "period_summary + budget (/progres)",
                lambda: agg.period_summary(session, team_id, PERIOD),
                PROGRES_SQL,
                _check_summary,
            ),
            ("laggards (/belum)", lambda: agg.laggards(session, team_id, PERIOD), LAGGARDS_SQL, _check_laggards),
            ("scurve (/kurva)", lambda: agg.scurve(session, team_id, upto=PERIOD), SCURVE_SQL, _check_scurve),
            (
                "compliance (12 periods)",
                lambda: agg.compliance(session, team_id, today=today),
                COMPLIANCE_SQL,
                _check_compliance,
            ),
            (
                "activity_rows (one XLSX sheet)",
                lambda: agg.activity_rows(session, team_id, PERIOD),
                ROWS_SQL,
                _check_rows,
            ),
        ]
        print(f"\n{label}: period {PERIOD}, {repeat} rounds; medians in ms. plain = one plain GROUP BY over the same")
        print("  tables (the period's own reports only); same = one hand-written statement giving the same numbers")
        print("  (checked equal before timing). All three timed in turn in every round.")
        print(f"  {'aggregate':36} {'ms':>7} {'plain':>7} {'× plain':>8} {'same':>7} {'× same':>7}")
        for name, fn, statement, check in cases:
            check(fn(), sql(statement)())
            plain_ms, same_ms, ms = _timed_ms([floor, sql(statement), fn], repeat)
            print(f"  {name:36} {ms:7.1f} {plain_ms:7.1f} {ms / plain_ms:8.2f} {same_ms:7.1f} {ms / same_ms:7.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("PANTAU_TEST_DATABASE_URL"), help="PostgreSQL server URL")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--orgs", type=int, default=60)
    parser.add_argument("--activities", type=int, default=3000)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        print("SQLite")
        team_id = _generate(url, args.orgs, args.activities, args.periods)
        engine = make_sync_engine(url)
        _run("SQLite", engine, team_id, args.repeat)
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
            team_id = _generate(url, args.orgs, args.activities, args.periods)
            engine = make_sync_engine(url)
            _run("PostgreSQL", engine, team_id, args.repeat)
            engine.dispose()
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
