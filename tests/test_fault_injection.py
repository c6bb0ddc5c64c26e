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


def test_chat_turns_killed_at_random_moments_leave_a_conversation_that_resumes(tmp_path: Path) -> None:
    """kill -9 or Ctrl-C during a terminal-chat turn (the agent writing its checkpoints), then
    the next `hookline chat` resumes the same conversation and answers; SQLite stays intact."""
    import os
    import random
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from tests.browser.model_stub import ModelStub
    from tests.chainlit_client import REPO_ROOT

    rng = random.Random(5)
    home = tmp_path / "home"
    with ModelStub(token_delay_s=0.02) as stub:
        env = {**os.environ, **stub.env(), "HOOKLINE_HOME": str(home)}
        command = [sys.executable, "-m", "hookline", "chat"]  # the program as installed: Ctrl-C handled from the first import
        message = "Write a 30-second TikTok script for night-shift nurses about our leak-proof bottle, to sell it\n"
        for round_number in range(4):
            process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdin=subprocess.PIPE,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
            assert process.stdin is not None
            process.stdin.write(message)
            process.stdin.flush()
            time.sleep(rng.uniform(3.0, 10.0))
            process.send_signal(signal.SIGKILL if round_number % 2 == 0 else signal.SIGINT)
            process.wait(timeout=60)
            if (home / "checkpoints.sqlite").exists():  # on a busy machine a kill can land before anything is written
                with sqlite3.connect(home / "checkpoints.sqlite") as db:
                    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        after = subprocess.run(command, cwd=REPO_ROOT, env=env, input="What do viewers say about the audio?\n/quit\n",
                               capture_output=True, text=True, timeout=300)
    assert after.returncode == 0, after.stderr[-2000:]
    assert "Resuming conversation" in after.stdout
    assert "Traceback" not in after.stderr
