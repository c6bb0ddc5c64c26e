"""Imports killed at every named point and at random moments leave the old state or the new one.

The full run (200+ kills) is `python -m bench.faults` (bench/RESULTS.md); this is a CI-sized
sample of the same harness: every failpoint once, random-moment kills between them.
"""

from __future__ import annotations

from pathlib import Path

from bench.faults import FAILPOINTS, run

def test_killed_imports_never_leave_drift_or_a_mix(tmp_path: Path) -> None:
    outcome = run(kills=2 * len(FAILPOINTS), comments=24, seed=3, work=tmp_path, reimport_every=4)
    assert outcome.kills == 2 * len(FAILPOINTS)
    assert outcome.drift == [] and outcome.mixed == [] and outcome.reimport_differs == []
    # Both outcomes happen: kills before the commit keep the old state, after it the new one.
    assert outcome.old_state > 0 and outcome.new_state > 0
