"""The bundled sample documents, found both in an installed wheel and in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).resolve().parent.parent / "seeds"  # where the wheel puts them (extract/seeds)
_CHECKOUT = Path(__file__).resolve().parents[2] / "seeds"  # editable install / source tree


def seed_dir() -> Path:
    """The folder holding the bundled sample documents."""
    for folder in (_PACKAGED, _CHECKOUT):
        if folder.is_dir():
            return folder
    raise FileNotFoundError("the bundled seeds/ folder is missing from this installation")


def seed_paths() -> list[Path]:
    """The bundled sample documents, in name order."""
    return sorted(p for p in seed_dir().iterdir() if p.suffix in {".txt", ".md", ".html"})
