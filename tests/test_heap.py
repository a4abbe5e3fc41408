"""collector_paused holds off the cyclic collector for its block and puts back the state it found;
present_objects_frozen keeps the objects alive at its start out of the collector's passes, and only for its block."""
from __future__ import annotations

import gc

import pytest

from kg.heap import collector_paused, present_objects_frozen


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_inside_and_restored_after(enabled):
    gc.enable() if enabled else gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
            with collector_paused():
                assert not gc.isenabled()
            assert not gc.isenabled()  # an inner block does not wake it early
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_restored_when_the_block_raises():
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_present_objects_are_frozen_for_the_block_only():
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), present_objects_frozen():
        assert gc.get_freeze_count() > 0
        raise RuntimeError("boom")
    assert gc.get_freeze_count() == 0


def test_a_cycle_made_inside_the_block_is_still_collected():
    with present_objects_frozen():
        gc.collect()
        cycle: list = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
