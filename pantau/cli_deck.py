"""``pantau deck``: the plenary meeting's PowerPoint deck (/bahanrapat) from the command line."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pantau.cli_progress import _check_out, _engine_url, _lang, _period_error, _team_id, _write
from pantau.settings import Settings
from storage.db import make_sync_engine, session_scope


def register(sub: Any) -> None:
    deck = sub.add_parser(
        "deck",
        help="write the plenary meeting's PowerPoint deck of a team (what /bahanrapat sends)",
        description="The deck for the projector: the title, the summary, the charts, one table per program, the "
        "agenda's items and the open actions, for one period (default: the period being reported now).",
    )
    deck.add_argument("--team", required=True, metavar="CODE")
    deck.add_argument(
        "--period",
        metavar="P",
        help='e.g. "TW1", "triwulan 2", "IV", "maret", 2026-Q1 (default: the latest ended period still open for '
        "entry, else the current one)",
    )
    deck.add_argument("--out", required=True, type=Path, metavar="FILE.pptx")
    deck.add_argument("--lang", default=None, help="id (default) or en")
    deck.set_defaults(func=_deck)


def _deck(args: argparse.Namespace, settings: Settings) -> int:
    from progress.deck import build_deck, collect_deck
    from progress.views import PeriodError

    _check_out(args.out, ".pptx", "the deck")
    lang = _lang(args, settings)
    now = datetime.now(UTC)
    engine = make_sync_engine(_engine_url(settings))
    try:
        with session_scope(engine) as session:
            team_id = _team_id(session, args.team)
            try:
                data = collect_deck(session, team_id, args.period, now)
            except PeriodError:
                raise _period_error(session, team_id, args.period) from None
    finally:
        engine.dispose()
    _write(args.out, build_deck(data, lang))
    print(f"Deck of {data.team.code} ({data.period.key}) written to {args.out}.", file=sys.stderr)
    return 0
