"""Saved scenarios in an embedded SQLite file, with a versioned schema.

A saved scenario is a name, a case name and the overrides as JSON. The file
lives under the user's data directory by default (:func:`default_db_path`:
``$XDG_DATA_HOME/gridatlas/scenarios.sqlite``, else
``~/.local/share/gridatlas/scenarios.sqlite``), or wherever ``--db`` says.

The schema version is the highest row of the ``migrations`` table; opening a
store applies every migration above it, in order, each in one transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gridatlas.core.errors import InputError

#: (version, description, SQL). Append only; never edit a released step.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "saved scenarios",
        """
        CREATE TABLE scenarios (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            case_name TEXT NOT NULL,
            overrides TEXT NOT NULL,
            created REAL NOT NULL
        );
        """,
    ),
    (
        2,
        "scenario notes and name index",
        """
        ALTER TABLE scenarios ADD COLUMN note TEXT NOT NULL DEFAULT '';
        CREATE INDEX scenarios_case ON scenarios (case_name);
        """,
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/gridatlas/scenarios.sqlite`` (default ``~/.local/share``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "gridatlas" / "scenarios.sqlite"


@dataclass(frozen=True)
class SavedScenario:
    """One stored scenario; ``overrides`` is the JSON object as saved."""

    id: int
    name: str
    case: str
    overrides: dict[str, Any]
    note: str
    created: float

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``GET /api/v1/scenarios/{id}``."""
        return {
            "id": self.id,
            "name": self.name,
            "case": self.case,
            "overrides": self.overrides,
            "note": self.note,
            "created": self.created,
        }


class ScenarioStore:
    """Saved scenarios in one SQLite file (``":memory:"`` for a throw-away store)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            target = Path(self.path)
            if target.exists() and not target.is_file():
                raise InputError(self.path, "--db", "a SQLite file path, not a folder")
            target.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise InputError(self.path, "--db", "a gridatlas scenario database", str(exc)) from None

    def version(self) -> int:
        """The schema version of the file (0 for a new one)."""
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS migrations ("
            "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied REAL NOT NULL)"
        )
        row = self._db.execute("SELECT MAX(version) FROM migrations").fetchone()
        return int(row[0] or 0)

    def migrate(self) -> int:
        """Apply the migrations the file lacks; returns the version reached."""
        with self._lock:
            current = self.version()
            if current > SCHEMA_VERSION:
                raise InputError(
                    self.path, "migrations", f"schema version ≤ {SCHEMA_VERSION}", current
                )
            for version, description, sql in MIGRATIONS:
                if version <= current:
                    continue
                self._db.execute("BEGIN")
                try:
                    for statement in filter(str.strip, sql.split(";")):
                        self._db.execute(statement)
                    self._db.execute(
                        "INSERT INTO migrations VALUES (?, ?, ?)",
                        (version, description, time.time()),
                    )
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
            return self.version()

    def add(self, name: str, case: str, overrides: dict[str, Any], note: str = "") -> SavedScenario:
        """Store a scenario and return it with its new id."""
        created = time.time()
        text = json.dumps(overrides, ensure_ascii=False, sort_keys=True)
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO scenarios (name, case_name, overrides, created, note)"
                " VALUES (?, ?, ?, ?, ?)",
                (name, case, text, created, note),
            )
            new_id = int(cur.lastrowid or 0)
        return SavedScenario(new_id, name, case, overrides, note, created)

    def get(self, scenario_id: int) -> SavedScenario | None:
        """One scenario by id, or ``None``."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, case_name, overrides, note, created FROM scenarios WHERE id = ?",
                (scenario_id,),
            ).fetchone()
        return None if row is None else _row(row)

    def list(self, case: str | None = None) -> list[SavedScenario]:
        """All scenarios (of one case when given), newest first."""
        sql = "SELECT id, name, case_name, overrides, note, created FROM scenarios"
        args: tuple[Any, ...] = ()
        if case is not None:
            sql += " WHERE case_name = ?"
            args = (case,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY id DESC", args).fetchall()
        return [_row(r) for r in rows]

    def delete(self, scenario_id: int) -> bool:
        """Remove a scenario; ``False`` when there was none."""
        with self._lock:
            cur = self._db.execute("DELETE FROM scenarios WHERE id = ?", (scenario_id,))
        return cur.rowcount > 0

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()


def _row(row: tuple[Any, ...]) -> SavedScenario:
    return SavedScenario(
        id=int(row[0]),
        name=str(row[1]),
        case=str(row[2]),
        overrides=json.loads(row[3]),
        note=str(row[4]),
        created=float(row[5]),
    )
