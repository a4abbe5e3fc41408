"""collector_paused holds off the cyclic collector for its block and puts back the state it found."""
from __future__ import annotations

import gc

import pytest

from kg.heap import collector_paused


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
