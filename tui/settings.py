"""The user's own settings (the theme), kept in the user data folder between launches.

The theme is the person's, not the data's: it applies to every database they open, a
database copied to a colleague does not impose it, and it is kept even for a database
that cannot be written. What belongs to a database (its bookmarks, saved searches, the
filters and claim the explorer reopens with) is kept in that database instead (schema 4).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

SETTINGS_FILE = "settings.json"


def default_settings_path() -> Path:
    """settings.json in the user's data folder (e.g. ~/.local/share/policy-tui/ on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("policy-tui", appauthor=False)) / SETTINGS_FILE


def load_settings(path: Path | None) -> dict[str, object]:
    """The saved settings; {} when there are none or the file cannot be read as them."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a missing or damaged settings file only means the defaults
    return data if isinstance(data, dict) else {}


def save_settings(path: Path | None, changes: dict[str, object]) -> None:
    """Merge `changes` into the settings file, written whole (a temporary file renamed over it)."""
    if path is None:
        return
    settings = {**load_settings(path), **changes}
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    os.replace(part, path)
