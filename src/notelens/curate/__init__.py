"""Knowledge work over an index: near-duplicates, related notes (issue #19).

Everything here reads the store's rows (and vectors) through the :class:`Store` seam and
writes nothing; the Engine's ``duplicates``/``related`` are the entry points.
"""
