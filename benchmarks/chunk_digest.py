"""One digest of what ingest makes of some folders: every file's title and every chunk's
title, heading, text, location, kind and links. Run it on two trees (before and after
a refactor of the loaders or chunkers) to show the chunks did not change:

    PYTHONPATH=src python benchmarks/chunk_digest.py examples/notes ../shared/notes-samples \
        benchmarks/data tests            # and with PYTHONPATH=<the other tree>/src

Reads ``.md``, ``.markdown``, ``.txt``, ``.html`` and ``.htm`` files; a file that fails
to load enters the digest by its error, so a changed error changes the digest too.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from notelens.errors import NotelensError
from notelens.ingest.registry import chunker_for, detect_format, loader_for_format

SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm"})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    args = ap.parse_args()
    digest = hashlib.sha256()
    documents = chunks = failed = 0
    for folder in args.folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix.lower() not in SUFFIXES:
                continue
            data = path.read_bytes()
            fmt = detect_format(path, data)
            try:
                doc = loader_for_format(fmt).load(path, data)
            except NotelensError as exc:
                digest.update(f"{path}: {exc}".encode())
                failed += 1
                continue
            documents += 1
            digest.update(repr(doc.title).encode())
            for c in chunker_for(fmt).chunk(doc):
                digest.update(
                    repr((c.title, c.heading, c.text, c.location, c.kind, c.links)).encode()
                )
                chunks += 1
    print(f"{documents} documents, {chunks} chunks, {failed} failed: {digest.hexdigest()}")


if __name__ == "__main__":
    sys.exit(main())
