"""Draw docs/deck-ringkasan.png and docs/deck-program.png: two slides of the plenary deck (/bahanrapat).

    /work/venv/bin/python docs/make_deck_pictures.py [--out docs]

Needs LibreOffice (``soffice``) and poppler (``pdftoppm``): ``apt-get install libreoffice-impress poppler-utils``.
Builds the example of ``tests/progress/deck_example.py`` (the Deli Serdang plan with Triwulan I 2022's reports) in
a temporary SQLite database, writes the deck with the functions the bot uses, converts it to PDF with LibreOffice
headless and renders the summary (slide 2) and the first program's table (slide 5) at 50 dpi.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from progress.deck import build_deck, collect_deck
from storage.db import make_sync_engine, session_scope
from storage.migrate import upgrade
from tests.progress.deck_example import NOW, seed_example

ROOT = Path(__file__).resolve().parents[1]
PICTURES = {2: "deck-ringkasan.png", 5: "deck-program.png"}  # slide number → file


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work / 'deck.db'}"
        upgrade(url)
        engine = make_sync_engine(url)
        with session_scope(engine) as session:
            team_id = seed_example(session)
        with session_scope(engine) as session:
            data = collect_deck(session, team_id, None, NOW)
        engine.dispose()
        (work / "deck.pptx").write_bytes(build_deck(data, "id"))
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(work / "deck.pptx")],
            check=True,
            capture_output=True,
        )
        for number, name in PICTURES.items():
            stem = work / f"slide{number}"
            pages = ["-f", str(number), "-l", str(number), "-singlefile"]
            subprocess.run(["pdftoppm", "-png", "-r", "50", *pages, str(work / "deck.pdf"), str(stem)], check=True)
            shutil.copy(stem.with_suffix(".png"), args.out / name)
            print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
