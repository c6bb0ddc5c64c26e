"""Repurposing: one script as a post caption, a thread, a voice-over read and an email teaser.

- `limits`: each platform's length limits, with where each figure comes from.
- `models`: the typed results (`Caption`, `Thread`, `VoiceRead`, `EmailTeaser`, `RepurposeSet`).
- `source`: the script and its citations, read from a draft JSON or an agent turn.
- `assemble`: each format built from the script's own cited parts (no model; always within limits).
- `rewrite`: the chat model rewrites a format; kept only if it keeps every citation, stays within
  the limits and does not score worse on the brand check, else the assembled version stands.
- `checks`: citations kept, length limits, brand check, for any format.
- `render`: the formats side by side, as markdown and as terminal columns.
"""
