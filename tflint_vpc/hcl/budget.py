"""What one HCL run may cost: the evaluator's limits, counted over the whole run, not per call.

A hostile or broken configuration can ask for exponential work in a few hundred bytes
(`replace` feeding itself, `x * x` chains, nested `for` and `dynamic`, a `count` inside a
module with a `count`). Every construct that multiplies work draws on one `Budget` for the
whole run: past a limit the value is UNKNOWN (never a guess) and the run gets one notice per
limit saying which limit was reached and where (`file:line`).

Two kinds of limit:
- counted over the run (evaluation steps, instances): they live on the active `Budget`, which
  `activate()` installs for one `load_root`;
- per value (string length, collection size, nesting depth, `format` width): they hold without a
  run too, so a bare `evaluate()` in a test or a `.tfvars` file is bounded as well.

`Budget.operations` counts the work actually done (steps, instances, traversed nodes); tests
double an input and check that it grows at most linearly, which wall time cannot show reliably.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Far beyond real configurations (benchmarks/hcl_200_files.py, 22,600 lines and 2,800 resources,
# evaluates in 51,000 steps; the largest fixture in 650), low enough that a run that hits them
# still ends in seconds on one core.
MAX_STEPS = 2_000_000  # expression nodes evaluated and value nodes traversed, per run
MAX_INSTANCES = 100_000  # resource and module instances, over all modules and counts, per run
MAX_COLLECTION = 100_000  # elements of one list or map value
MAX_STRING = 1_000_000  # characters of one string value
MAX_FORMAT_WIDTH = 1_000  # width or precision of one `format()` verb
MAX_DEPTH = 100  # nesting of one value (lists in maps in lists ...)
MAX_NUMBER_BITS = 1_024  # size of one whole number (Terraform keeps 512 bits of precision)
MAX_IGNORES_PER_BLOCK = 64  # `tfvpc:ignore` directives that apply to one resource block

LIMITS = {
    "evaluation steps": MAX_STEPS,
    "instances": MAX_INSTANCES,
    "collection size": MAX_COLLECTION,
    "string length": MAX_STRING,
    "format width": MAX_FORMAT_WIDTH,
    "nesting depth": MAX_DEPTH,
    "number size": MAX_NUMBER_BITS,
    "ignore directives per block": MAX_IGNORES_PER_BLOCK,
}


class BudgetExceeded(Exception):
    """A limit was reached. Not an EvalError: `try()` and `can()` must not retry past it."""

    def __init__(self, limit: str) -> None:
        super().__init__(limit)
        self.limit = limit


class Budget:
    """The counters of one run, and where each limit was first reached."""

    def __init__(self, max_steps: int | None = None, max_instances: int | None = None) -> None:
        self.max_steps = MAX_STEPS if max_steps is None else max_steps
        self.max_instances = MAX_INSTANCES if max_instances is None else max_instances
        self.steps = 0
        self.instances = 0
        self.operations = 0  # all counted work, for the linear-growth tests
        self.where = ""  # `file:line` of what is being evaluated, set by the instance walk
        self.reached: dict[str, str] = {}  # limit -> where it was first reached

    def step(self, count: int = 1) -> None:
        self.steps += count
        self.operations += count
        if self.steps > self.max_steps:
            self.note("evaluation steps")
            raise BudgetExceeded("evaluation steps")

    @property
    def spent(self) -> bool:
        """Whether the step budget is used up (everything evaluated from now on is unknown)."""
        return self.steps > self.max_steps

    def take_instances(self, count: int) -> bool:
        """Whether `count` more instances fit; when not, none are taken and the limit is noted."""
        self.operations += count
        if self.instances + count > self.max_instances:
            self.note("instances")
            return False
        self.instances += count
        return True

    def note(self, limit: str) -> None:
        self.reached.setdefault(limit, self.where or "(configuration)")

    @contextmanager
    def at(self, where: str) -> Iterator[None]:
        """Evaluate with `where` as the location a reached limit is reported at."""
        previous = self.where
        self.where = where
        try:
            yield
        finally:
            self.where = previous

    def notices(self) -> list[str]:
        shown = {"evaluation steps": self.max_steps, "instances": self.max_instances}
        notices: list[str] = []
        for limit, where in self.reached.items():
            count = f"{shown.get(limit, LIMITS[limit]):,}"
            if limit == "ignore directives per block":
                notices.append(
                    f"{where}: more tfvpc:ignore directives apply to this block than the"
                    f" ignore directives per block limit ({count}); the rest are not used"
                )
            else:
                notices.append(
                    f"{where}: evaluation stopped at the {limit} limit ({count});"
                    " values past it are unknown and not linted"
                )
        return notices


_ACTIVE: ContextVar[Budget | None] = ContextVar("tfvpc_hcl_budget", default=None)


def active() -> Budget | None:
    return _ACTIVE.get()


@contextmanager
def activate(budget: Budget) -> Iterator[Budget]:
    """Count every evaluation in this context against `budget` (one run of one root module)."""
    token = _ACTIVE.set(budget)
    try:
        yield budget
    finally:
        _ACTIVE.reset(token)


def step(count: int = 1) -> None:
    """Count evaluation work against the active run (nothing to count outside a run)."""
    budget = _ACTIVE.get()
    if budget is not None:
        budget.step(count)


def reached(limit: str) -> BudgetExceeded:
    """Note a per-value limit on the active run and return the exception to raise."""
    budget = _ACTIVE.get()
    if budget is not None:
        budget.note(limit)
    return BudgetExceeded(limit)


def check_string(text: str) -> str:
    if len(text) > MAX_STRING:
        raise reached("string length")
    return text


def check_string_parts(parts: list[str]) -> None:
    """Before joining: the joined string would be too long (checked before it is allocated)."""
    if sum(len(p) for p in parts) > MAX_STRING:
        raise reached("string length")


def check_size(count: int) -> None:
    if count > MAX_COLLECTION:
        raise reached("collection size")


def check_int(value: int) -> int:
    if value.bit_length() > MAX_NUMBER_BITS:
        raise reached("number size")
    return value
