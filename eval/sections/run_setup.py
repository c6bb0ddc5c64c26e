"""Set-up and the run itself: a fresh HOOKLINE_HOME with the real data, planted comments, the shipped kits and
a warmed-up metered model (measuring); the report's header, "The run", its notes and "Reading the outputs"."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from eval import injection
from eval.cases import load_plants
from eval.data import eval_settings, import_corpus, import_kits, write_poisoned_copies
from eval.meter import MeteredChatModel
from eval.sections.common import USER
from eval.sections.fmt import num
from eval.sections.template import fill

if TYPE_CHECKING:
    from eval.run import EvalRun


# ---------------------------------------------------------------- measuring


def setup(run: EvalRun) -> None:
    from core.services import Services

    repo_home = (run.repo_root / os.environ.get("HOOKLINE_HOME", ".hookline")).resolve()
    home = run.tmp / "home"
    run.log(f"set-up: HOOKLINE_HOME at {home}" + (" (reused)" if home.exists() else " (fresh)"))
    run.settings = eval_settings(home, repo_home)
    run.services = Services(run.settings)
    run.meter = MeteredChatModel(run.services.chat_model, run.services.tokens)
    run.services.chat_model = run.meter  # every caller gets the metered model
    run.context_tokens = run.settings.context_tokens

    # The eval's own plants plus the adversarial corpus of tests/fixtures/safety, planted at high likes.
    run.plants = load_plants() + injection.corpus_plants()
    started = time.monotonic()
    files = write_poisoned_copies(run.tmp / "data", run.plants)
    run.corpus = import_corpus(run.services, USER, files, run.log)  # idempotent: a reused home re-embeds nothing
    run.corpus["wall_seconds"] = round(time.monotonic() - started, 1)
    run.log(f"set-up: corpus imported in {run.corpus['wall_seconds']} s: {run.corpus['imported']}")
    run.kits = import_kits(run.services, USER)
    run.log(f"set-up: kits {run.kits or 'none shipped in brandkits/'}")

    from tools.corpus.store import CorpusStore

    run.store = CorpusStore.open(run.services, USER)
    if run.kits:
        from tools.brandkit.store import BrandKitStore

        run.kit_store = BrandKitStore.open(run.services, USER)
    started = time.monotonic()
    with run.meter.window("warm-up"):
        run.meter.chat([{"role": "user", "content": "Say OK."}], max_tokens=4)
    run.model_start_seconds = round(time.monotonic() - started, 1)
    run.log(f"set-up: model {run.meter.name} answered its first request in {run.model_start_seconds} s")


def model_info(run: EvalRun) -> dict[str, Any]:
    from core.llm.model_assets import MODEL_FILENAME, MODEL_SHA256

    settings = run.settings
    if settings.uses_embedded_model:
        return {"name": run.meter.name, "kind": "embedded (llama.cpp via xllamacpp)", "timeout_s": settings.llm_timeout_s,
                "file": str(settings.embedded_model_file or MODEL_FILENAME),
                "sha256": MODEL_SHA256 if settings.embedded_model_file is None else "not checked",
                "context_tokens": settings.embedded_context_tokens, "threads": settings.embedded_threads,
                "embedder": run.services.embedder.name}
    return {"name": run.meter.name, "kind": f"endpoint {settings.llm_base_url}", "context_tokens": run.context_tokens,
            "embedder": run.services.embedder.name}


# ---------------------------------------------------------------- reporting


def header(run: dict[str, Any], clar: dict[str, Any] | None, by_system: dict[str, Any], results: str) -> str:
    """The title, the run's facts and why the case counts are what they are."""
    model, machine, corpus, counts = run["model"], run["machine"], run["corpus"], run["counts"]
    return fill(
        "run",
        command=run["command"].strip(), finished_at=run["finished_at"], results=results, started_at=run["started_at"],
        runtime=f"{run['runtime_seconds'] / 60:.1f}",
        sections=", ".join(f"{name} {seconds / 60:.1f} min" for name, seconds in run["sections_seconds"].items()),
        segments=fill("run.segments", segments=run["segments"]) if run.get("segments", 1) > 1 else "",
        cpu=str(machine["cpu"]), cores=str(machine["cores"]), memory=str(machine["memory"]), platform=str(machine["platform"]),
        python=str(machine["python"]), load_start=f"{run['load_average_start'][0]:.2f}", load_end=f"{run['load_average_end'][0]:.2f}",
        model_name=model["name"], model_kind=model["kind"],
        model_details=fill("run.model_details", sha256=model["sha256"][:12], context_tokens=str(model["context_tokens"]),
                           threads=str(model["threads"])) if "threads" in model else "",
        embedder=model["embedder"], first_request=str(run["model_first_request_seconds"]),
        imported=str(corpus["imported"]), files=", ".join(corpus["files"]), rejected_rows=str(corpus["rejected_rows"]),
        corpus_seconds=str(corpus["wall_seconds"]), plants=len(run["plants"]),
        kits=", ".join(run["kits"]) or fill("run.no_kits"),
        briefs=counts["briefs"], draft_cases=counts["draft_cases"], judge_pairs=counts["judge_pairs"],
        chat_turns=counts["chat_turns"], budget_min=str(counts["budget_min"]),
        skipped="; ".join(run["skipped"]) or fill("run.nothing_skipped"),
        budget_note=budget_note(run, clar, by_system),
    )


def budget_note(run: dict[str, Any], clar: dict[str, Any] | None, by_system: dict[str, Any]) -> str:
    """Why the counts are what they are, in this run's own timings."""
    parts = [fill("run.budget.corpus", seconds=num(run["corpus"]["wall_seconds"], 0))]
    if clar:
        parts.append(fill("run.budget.clarification", seconds=num(clar["seconds_median"])))
    if by_system:
        parts.append(fill("run.budget.drafts", hookline=num(by_system["hookline"]["cost"]["seconds_mean"], 0),
                          naive=num(by_system["naive"]["cost"]["seconds_mean"], 0)))
    return fill("run.budget", timings=", ".join(parts), runtime=f"{run['runtime_seconds'] / 60:.1f}")


def notes(run: dict[str, Any]) -> list[str]:
    """The run's items of "What is bad, and why": a loaded machine, skipped work."""
    bad = []
    load = run.get("load_average_end") or [0]
    cores = run["machine"].get("cores") or 1
    if max(run.get("load_average_start", [0])[0], load[0]) > cores:
        bad.append(fill("bad.run.load", start=f"{run['load_average_start'][0]:.1f}", end=f"{load[0]:.1f}", cores=cores))
    if run.get("skipped"):
        bad.append(fill("bad.run.skipped", skipped="; ".join(run["skipped"])))
    return bad


def reading_section(results: str) -> str:
    return fill("reading", results=results)
