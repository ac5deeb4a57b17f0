"""collector_paused: the collector is off inside, back on after, and what was built is frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tflint_vpc.gc_pause import collector_paused


@pytest.fixture(autouse=True)
def restore_collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_paused_inside_enabled_after_and_the_result_frozen() -> None:
    gc.enable()
    gc.unfreeze()
    with collector_paused():
        assert not gc.isenabled()
        built = [{"k": [i]} for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(built)


def test_enabled_again_after_an_exception() -> None:
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("bad input")
    assert gc.isenabled()


def test_nested_pauses_enable_once_at_the_outermost() -> None:
    gc.enable()
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off_and_nothing_is_frozen() -> None:
    gc.disable()
    gc.unfreeze()
    with collector_paused():
        pass
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_usable_as_a_decorator() -> None:
    gc.enable()

    @collector_paused()
    def parse() -> bool:
        return gc.isenabled()

    assert parse() is False
    assert gc.isenabled()
