"""The eval's sections, one module each: what `eval.run` measures and what `eval.report` writes about it.

Each section module holds both halves of its section: the measuring (a function taking the running
`eval.run.EvalRun`), the figures computed from the saved records, the markdown of its part of
eval/RESULTS.md and its items of "What is bad, and why". Every sentence of that markdown is a block of
eval/results_template.md, filled through `template.fill` (which raises on a missing or unfilled
placeholder); the section code only computes and formats figures. (The drafting figures and the screen on
its own keep their markdown in eval/drafting.py and eval/injection.py.)

- `run_setup`: the fresh home, corpus, kits and model; the report's header, "The run" and the outputs list
- `clarification`: labelled briefs stopped where research would begin; precision/recall of the questions
- `speed`: chat turns (time to first token); "Cost and speed"
- `drafts`: Hookline and the naive baseline on the same cases; the per-system figures
- `grounding`: the LLM judge and the cosine proxy on cited evidence; "Grounding"
- `brand`: brand-kit scores against the own and another kit; "Brand"
- `safety`: planted instructions obeyed; "Injection"
- `comment_themes`: weighted insights vs unweighted k-means; "Comment themes"
"""
