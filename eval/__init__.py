"""Hookline's evaluation harness (`make eval`): quality, speed and cost next to the naive way.

`python -m eval.run` runs every section on the configured chat model (the embedded one by
default) over the shared real data and the shipped kits, and writes `eval/RESULTS.md` and
per-case outputs under `eval/results/`. See eval/README.md.
"""
