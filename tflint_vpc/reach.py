"""`tfvpc reach FROM TO INPUT...`: resolve the two ends, trace both directions, shape the answer.

FROM is a subnet, instance, network interface, VPC endpoint or VPC address (a VPC stands for
each of its subnets, each traced and reported); TO is the same or an IP address / CIDR. Inputs
are loaded and built through `api` like `tfvpc lint`; the answer comes from `reachability`,
which TFVPC015 asks too. Exit status: 0 reachable, 1 not reachable (or one-way), 3 cannot be
decided, 2 usage or input error.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace

from tflint_vpc.api import LintRequest, topologies
from tflint_vpc.errors import UsageError
from tflint_vpc.inventory import Inventory, Location
from tflint_vpc.model import Topology
from tflint_vpc.reachability import (
    ENDPOINT_KINDS,
    Path,
    Target,
    Verdict,
    cidr_target,
    known_addresses,
    overall,
    path,
    side_of,
    targets_of,
)
from tflint_vpc.routing import Hop, Trace, routing_of

EXIT = {Verdict.REACHABLE: 0, Verdict.UNREACHABLE: 1, Verdict.ONE_WAY: 1, Verdict.UNKNOWN: 3}
FORMATS = ("text", "json")


@dataclass(frozen=True)
class ReachResult:
    """The answer for one FROM/TO pair in one input."""

    input: str
    source: str
    target: str
    paths: tuple[Path, ...]
    unknown: str = ""  # why no path could be traced at all (e.g. a VPC without subnets)
    locations: Mapping[str, Location] | None = None

    @property
    def verdict(self) -> Verdict:
        verdict = overall(self.paths)  # UNKNOWN when there are none
        # a part that cannot be traced (an endpoint subnet not in the input) leaves a
        # "reachable" undecided; a certain failure of the traced part stays certain
        return Verdict.UNKNOWN if self.unknown and verdict is Verdict.REACHABLE else verdict

    @property
    def exit_status(self) -> int:
        return EXIT[self.verdict]


def reach(source: str, target: str, request: LintRequest) -> ReachResult:
    """Trace `source` -> `target` in the input that holds `source`; UsageError for bad ends."""
    loaded, errors = topologies(request)
    if errors:
        raise UsageError(errors[0] if len(errors) == 1 else "; ".join(errors))
    for inventory, topology in loaded:
        if side_of(topology, source) is not None:
            return _reach(inventory, topology, source, target)
    names = [a for _, t in loaded for a in known_addresses(t)]
    raise UsageError(_unknown(source, names, "FROM"))


def _reach(inventory: Inventory, topology: Topology, source: str, target: str) -> ReachResult:
    start = side_of(topology, source)
    assert start is not None  # checked by the caller
    end = side_of(topology, target)
    cidr = cidr_target(target) if end is None else None
    if end is None and cidr is None:
        raise UsageError(_unknown(target, known_addresses(topology), "TO", cidr_ok=True))
    result = ReachResult(inventory.source, source, target, (), locations=inventory.locations)
    unknown = start.unknown or (end.unknown if end is not None else "")
    routing = routing_of(topology)
    paths: list[Path] = []
    for subnet in start.subnets:
        version = 4 if subnet.cidr is not None else 6
        targets: list[Target] = [cidr] if cidr is not None else targets_of(end or start, version)
        paths.extend(path(routing, subnet, t) for t in targets)
    if not paths:
        unknown = unknown or f"no subnet of {source} has a range toward {target}"
    return replace(result, paths=tuple(paths), unknown=unknown)


def _unknown(address: str, names: list[str], which: str, *, cidr_ok: bool = False) -> str:
    hint = difflib.get_close_matches(address, names, n=1, cutoff=0.6)
    accepted = ENDPOINT_KINDS + (", an IP address or a CIDR" if cidr_ok else "")
    suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
    return f"{which} '{address}' is not {accepted} of the input{suggestion}"


# --- output ---------------------------------------------------------------------------------


def _where(result: ReachResult, address: str) -> str:
    location = (result.locations or {}).get(address)
    return f"{location.file}:{location.line}" if location is not None else ""


def _hop_data(result: ReachResult, hop: Hop) -> dict[str, object]:
    location = (result.locations or {}).get(hop.address)
    return {
        "kind": hop.kind,
        "address": hop.address,
        "note": hop.note,
        "file": location.file if location else None,
        "line": location.line if location else None,
    }


def _trace_data(result: ReachResult, trace: Trace | None) -> dict[str, object] | None:
    if trace is None:
        return None
    return {
        "outcome": trace.outcome.value,
        "reason": trace.reason,
        "delivered_to": trace.delivered_to,
        "hops": [_hop_data(result, h) for h in trace.hops],
    }


def render_json(result: ReachResult) -> str:
    data = {
        "input": result.input,
        "from": result.source,
        "to": result.target,
        "verdict": result.verdict.value,
        "reason": result.unknown,
        "paths": [
            {
                "source": p.source.address,
                "target": p.target.label,
                "destination": str(p.target.network),
                "verdict": p.verdict.value,
                "reason": p.reason,
                "forward": _trace_data(result, p.forward),
                "return": _trace_data(result, p.back),
            }
            for p in result.paths
        ],
    }
    return json.dumps(data, indent=2) + "\n"


def check_format(format: str) -> None:
    """UsageError unless `format` is one of FORMATS (checked before any input is read)."""
    if format not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")


def render(result: ReachResult, format: str) -> str:
    """The result in `format` (one of FORMATS)."""
    check_format(format)
    return render_json(result) if format == FORMATS[1] else render_text(result)


def _trace_lines(result: ReachResult, title: str, trace: Trace) -> list[str]:
    lines = [f"  {title}: {trace.outcome.value}"]
    rows = [(h.kind, h.address, _where(result, h.address), h.note) for h in trace.hops]
    width = max((len(r[1]) for r in rows), default=0)
    where = max((len(r[2]) for r in rows), default=0)
    lines.extend(f"    {k:<12} {a:<{width}}  {w:<{where}}  {n}".rstrip() for k, a, w, n in rows)
    if trace.reason and (not trace.outcome.certain or trace.outcome.dropped):
        last = trace.last
        lines.append(f"    stops at {last.address if last else '?'}: {trace.reason}")
    return lines


def render_text(result: ReachResult) -> str:
    lines = [f"{result.source} -> {result.target} ({result.input}): {_verdict(result.verdict)}"]
    if result.unknown:
        lines.append(f"  cannot be decided: {result.unknown}")
    for p in result.paths:
        target = p.target.label
        if target != str(p.target.network):
            target += f" ({p.target.network})"
        lines.append(f"{p.source.address} -> {target}: {_verdict(p.verdict)}")
        if p.forward is not None:
            lines.extend(_trace_lines(result, "forward", p.forward))
        if p.back is not None:
            lines.extend(_trace_lines(result, "return", p.back))
        if p.reason and not (p.forward is not None and p.reason == p.forward.reason):
            label = "cannot be decided" if p.verdict is Verdict.UNKNOWN else "why"
            lines.append(f"  {label}: {p.reason}")
    return "\n".join(lines) + "\n"


def _verdict(verdict: Verdict) -> str:
    return {
        Verdict.REACHABLE: "reachable",
        Verdict.UNREACHABLE: "not reachable",
        Verdict.ONE_WAY: "one-way (replies are dropped): not reachable",
        Verdict.UNKNOWN: "cannot be decided",
    }[verdict]
