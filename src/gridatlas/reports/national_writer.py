"""Write the national dataset's files into a folder, all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_dataset(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write ``files`` (name → content) into ``out_dir``; nothing changes on failure.

    The files go to a fresh temporary folder beside ``out_dir`` first; only when
    all are written is each moved into place (``os.replace``, atomic per file).
    Files in ``out_dir`` not named in ``files`` are left alone.

    Returns
    -------
    list of Path
        The written files, in name order.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
        written = []
        for name in sorted(files):
            os.replace(tmp / name, out_dir / name)
            written.append(out_dir / name)
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
