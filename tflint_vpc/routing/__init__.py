"""The routing layer: where traffic goes, decided once for every rule.

The semantics are `rules.md`, "How traffic is routed" (AWS VPC User Guide: route tables and
route priority; VPC Peering Guide: unsupported configurations). Rules and the CLI ask this
package; none of them walks route tables on its own, so the semantics live in one place:
`tables` (the table of a subnet, longest-prefix match), `trace` (hops and outcomes) and
`answers` (the values both return).

Three answers, never two: every question can come back *unknown* (a value the input does not
have), and a rule reports only certain outcomes. `transit` is the transit-gateway hop.

This package imports only the model and the CIDR helpers. `routing_of(topology)` builds the
indexes once per topology and keeps them while rules ask about it.
"""

from __future__ import annotations

from tflint_vpc.model import Topology
from tflint_vpc.routing.answers import (
    MIDDLEBOX_TARGETS,
    Choice,
    Destination,
    Hop,
    Outcome,
    Priority,
    SubnetTable,
    TableStatus,
    Trace,
    as_destination,
    route_label,
)
from tflint_vpc.routing.trace import Routing, peer_of

# The layer of the topology asked about last. Every rule of a lint asks about the same
# topology, so one entry is enough; it is a strong reference (a layer needs its topology), so
# keeping more would keep every linted topology alive.
_LAST: list[Routing] = []


def routing_of(topology: Topology) -> Routing:
    """The routing layer of a topology, built once while rules ask about that topology."""
    if _LAST and _LAST[0].topology is topology:
        return _LAST[0]
    layer = Routing(topology)
    _LAST[:] = [layer]
    return layer


__all__ = [
    "MIDDLEBOX_TARGETS",
    "Choice",
    "Destination",
    "Hop",
    "Outcome",
    "Priority",
    "Routing",
    "SubnetTable",
    "TableStatus",
    "Trace",
    "as_destination",
    "peer_of",
    "route_label",
    "routing_of",
]
