"""Write the bundled ieee-rts79 system from ../shared/data/rts79 (run from the repository root)."""

from __future__ import annotations

from pathlib import Path

from gridatlas.sources.rts79 import build_rts79

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    target = ROOT / "src" / "gridatlas" / "data" / "systems" / "ieee-rts79"
    target.mkdir(parents=True, exist_ok=True)
    for name, text in build_rts79(ROOT.parent / "shared" / "data" / "rts79").items():
        (target / name).write_text(text, encoding="utf-8")
        print(f"wrote {target / name}")
