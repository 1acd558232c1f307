"""Background jobs: a bounded worker pool with a bounded queue.

Long computations (microgrid screening, adequacy) run as jobs: :meth:`JobPool.submit`
returns an id at once, and :meth:`JobPool.get` reports status, progress and
the result. At most ``workers`` jobs run and at most ``queue`` wait; one more
raises :class:`QueueFull` (the web API answers 429). Finished jobs are kept
for lookup, the oldest dropped first beyond ``keep``.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

from gridatlas.core.errors import GridatlasError

Status = Literal["queued", "running", "done", "failed"]
#: A job's work: called with a progress callback taking a fraction in [0, 1].
Work = Callable[[Callable[[float], None]], Any]


class QueueFull(Exception):
    """The pool is busy and its queue is full."""


@dataclass
class Job:
    """One job's state; ``result`` is set when done, ``error`` when failed."""

    id: str
    kind: str
    status: Status = "queued"
    progress: float = 0.0
    result: Any = None
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``GET /api/v1/jobs/{id}``."""
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "progress": self.progress,
            "result": self.result,
            "error": self.error,
        }


class JobPool:
    """Run jobs on ``workers`` threads with at most ``queue`` waiting."""

    def __init__(self, workers: int = 2, queue: int = 8, keep: int = 200) -> None:
        self.workers = workers
        self.queue = queue
        self.keep = keep
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gridatlas-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._pending = 0  # queued + running

    def submit(self, kind: str, work: Work) -> Job:
        """Queue ``work``; raises :class:`QueueFull` when ``workers + queue`` are taken."""
        with self._lock:
            if self._pending >= self.workers + self.queue:
                raise QueueFull(kind)
            self._pending += 1
            job = Job(id=uuid.uuid4().hex, kind=kind)
            self._jobs[job.id] = job
            self._trim()
        self._executor.submit(self._run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        """The job with this id, or ``None``."""
        with self._lock:
            return self._jobs.get(job_id)

    def _trim(self) -> None:
        done = [j.id for j in self._jobs.values() if j.status in ("done", "failed")]
        for jid in done[: max(0, len(self._jobs) - self.keep)]:
            del self._jobs[jid]

    def _run(self, job: Job, work: Work) -> None:
        job.status = "running"

        def progress(done: float) -> None:
            job.progress = min(1.0, max(job.progress, float(done)))

        try:
            job.result = work(progress)
            job.progress = 1.0
            job.status = "done"
        except GridatlasError as exc:
            job.error = str(exc)
            job.status = "failed"
        except Exception as exc:  # a job must never take the pool down; report it
            job.error = f"{type(exc).__name__}: {exc}"
            job.status = "failed"
        finally:
            job.finished = time.time()
            with self._lock:
                self._pending -= 1

    def shutdown(self) -> None:
        """Stop taking jobs and wait for the running ones."""
        self._executor.shutdown(wait=True, cancel_futures=True)
