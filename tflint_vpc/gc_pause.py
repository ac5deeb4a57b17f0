"""Keep Python's cyclic garbage collector off the big, acyclic structures of a lint run.

The collector runs whenever allocations outnumber deallocations by a threshold, and each pass
walks every container object of the generations it collects. Reading a plan allocates millions
of containers (the parsed JSON tree, then the inventory, then the topology), so without help it
walks the same growing structures over and over: on a 10,000-VPC plan (180 MB) that is more
than half of the time of `json.loads` itself, and a fifth of a whole `tfvpc lint`.

None of these structures has reference cycles (JSON trees, frozen dataclasses, tuples), so
the collector can never free anything in them: reference counting frees them as soon as they
are dropped. `collector_paused()` switches the collector off while one is built and then
freezes what exists (`gc.freeze()`: moved to a permanent generation that collections skip; it
is still freed by reference counting), so later passes no longer walk it either. Without the
freeze, the objects allocated during the pause would all be walked at the next collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Build a big acyclic structure without collector passes; usable as a decorator."""
    if not gc.isenabled():  # already paused by a caller (or by the embedding program)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
