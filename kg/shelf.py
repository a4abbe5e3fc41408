"""Readings on disk between the two passes of a build, so memory holds only what resolution merges.

Resolution needs every article's entities and facts at once (a person is merged across the corpus), but
not the bulk of a reading: its mentions (a dozen per article, each with its sentence) and the sentence
text of each fact's evidence. A Shelf writes each whole reading to a scratch SQLite file as it arrives and
keeps a slim copy in memory: no mentions, and evidence without its sentence text. After resolution the
RDF mapping reads the whole readings back, one at a time, for the mentions and the sentences
(kg.rdf.Graphs.add_details).
"""
from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from kg.errors import KGError
from kg.records import Evidence, Reading
from kg.scratch import scratch_folder

FLUSH_READINGS = 256  # readings buffered before one executemany


def slim(reading: Reading) -> Reading:
    """`reading` without its mentions and with evidence that carries no sentence text: what resolution uses."""
    return replace(
        reading,
        mentions=(),
        meetings=tuple(replace(m, evidence=_strip_evidence(m.evidence)) for m in reading.meetings),
        agreements=tuple(replace(a, evidence=_strip_evidence(a.evidence)) for a in reading.agreements),
        claims=tuple(replace(c, evidence=_strip_evidence(c.evidence)) for c in reading.claims),
    )


def _strip_evidence(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    # Made by the class, not dataclasses.replace, which lists the fields again for each (a fifth of the cost).
    return tuple(Evidence(e.source, e.start, e.end, e.sentence_start, e.sentence_end, "") for e in evidence)


class Shelf:
    """Whole readings in a scratch file (in `folder`, or a temporary folder deleted on close); slim ones in memory."""

    def __init__(self, folder: Path | None = None) -> None:
        self._tmp = None if folder is not None else scratch_folder("shelf")
        self.path = Path(folder if folder is not None else self._tmp.name) / "readings.sqlite"
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                                  " CREATE TABLE readings (name TEXT PRIMARY KEY, blob BLOB NOT NULL);")
        except sqlite3.Error as e:
            self.close()
            raise KGError(f"{self.path}: cannot open the build's scratch database ({e}); free disk space or set TMPDIR") from e
        self.slim: list[Reading] = []
        self._pending: list[tuple[str, bytes]] = []

    def add(self, readings: Iterable[Reading]) -> Shelf:
        """Shelve `readings` (one per article: kg.ingest and kg.store.cached_readings drop duplicates)."""
        for reading in readings:
            self.slim.append(slim(reading))
            self._pending.append((reading.source.name, pickle.dumps(reading, protocol=pickle.HIGHEST_PROTOCOL)))
            if len(self._pending) >= FLUSH_READINGS:
                self._flush()
        self._flush()
        return self

    def __len__(self) -> int:
        return len(self.slim)

    def readings(self) -> Iterator[Reading]:
        """Every whole reading, by source name."""
        self._flush()
        rows = self.db.execute("SELECT blob FROM readings ORDER BY name")
        while batch := rows.fetchmany(FLUSH_READINGS):
            for (blob,) in batch:
                yield pickle.loads(blob)

    def _flush(self) -> None:
        if not self._pending:
            return
        try:
            with self.db:
                self.db.execute("BEGIN")
                self.db.executemany("INSERT INTO readings VALUES (?, ?)", self._pending)
        except sqlite3.Error as e:
            raise KGError(f"{self.path}: the build's scratch database failed ({e}); free disk space or set TMPDIR") from e
        self._pending.clear()

    def close(self) -> None:
        if getattr(self, "db", None) is not None:
            self.db.close()
            self.db = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Shelf:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
