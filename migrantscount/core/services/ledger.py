"""The erasure ledger: which records were erased and when, outside the database.

A restore brings the database back to the moment of its backup, and with it any
story whose consent was withdrawn since. Erasures are therefore also appended to a
file (settings.MIGRANTSCOUNT_ERASURE_LEDGER, owner-only, never inside the restored
database), holding only a kind, an id, a time and the reason codes: no content.
Each backup carries a copy; a restore merges that copy into the file and replays
every entry through the function the owning app registered for its kind:

    @register_replay("stories.withdrawal")
    def withdraw_again(entry: LedgerEntry) -> bool: ...  # True when it erased something
"""

import json
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LedgerEntry:
    kind: str
    record_id: int
    erased_at: str
    details: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.record_id)


Replay = Callable[[LedgerEntry], bool]
REPLAYS: dict[str, Replay] = {}


def register_replay(kind: str) -> Callable[[Replay], Replay]:
    def decorator(replay: Replay) -> Replay:
        REPLAYS[kind] = replay
        return replay

    return decorator


def ledger_path() -> Path:
    return Path(settings.MIGRANTSCOUNT_ERASURE_LEDGER)


def record_erasure(
    kind: str, record_id: int, *, erased_at: datetime, **details: str
) -> LedgerEntry:
    """Append an entry, unless the record is already listed (a replay erases again)."""
    entry = LedgerEntry(kind, record_id, erased_at.isoformat(), dict(details))
    if entry.key not in {known.key for known in read_entries()}:
        _append(ledger_path(), [entry])
    return entry


def _append(path: Path, entries: Iterable[LedgerEntry]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(
        json.dumps(asdict(entry), sort_keys=True) + "\n" for entry in entries
    )
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, lines.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def read_entries(path: Path | None = None) -> list[LedgerEntry]:
    path = path or ledger_path()
    if not path.exists():
        return []
    entries = []
    for line in path.read_text().splitlines():
        if line.strip():
            entries.append(LedgerEntry(**json.loads(line)))
    return entries


def merge_ledger(other: Path) -> int:
    """Add the entries of another copy (a backup's) that this ledger lacks."""
    known = {entry.key for entry in read_entries()}
    new = [entry for entry in read_entries(other) if entry.key not in known]
    if new:
        _append(ledger_path(), new)
    return len(new)


def replay_ledger() -> int:
    """Apply every entry again (after a restore); returns how many erased something."""
    applied = 0
    for entry in read_entries():
        replay = REPLAYS.get(entry.kind)
        if replay is None:
            logger.warning("No replay registered for ledger entries of %s", entry.kind)
            continue
        if replay(entry):
            applied += 1
    return applied
