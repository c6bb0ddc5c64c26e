"""The safety gate: untrusted text (comments, posts, transcripts, uploads, cluster labels,
memory, tool output) is data, never instructions.

- input: `screen` scores a text with reasons; `screen_batch` adds what a whole comment
  section shows (duplicates across accounts, bought-looking likes); `gate` is what every
  channel calls before a prompt;
- output: `scrub_output` removes links, handles, hashtags, codes, prices, percentages and
  dates nobody trusted gave; `introduced_claims` finds forbidden and safety claims;
- side effects: `guard_tool_call` lets a kit or memory change run only on the user's word.
"""

from tools.safety.batch import BatchComment, batch_signals, screen_batch
from tools.safety.consent import SIDE_EFFECT_TOOLS, explicit_request, guard_tool_call
from tools.safety.entities import Entity, find_entities
from tools.safety.gate import gate, gate_derived, gate_lines
from tools.safety.output import drop_sentences, introduced_claims, scrub_output
from tools.safety.screening import REMOVED, THRESHOLD, Screened, screen

__all__ = [
    "REMOVED",
    "SIDE_EFFECT_TOOLS",
    "THRESHOLD",
    "BatchComment",
    "Entity",
    "Screened",
    "batch_signals",
    "drop_sentences",
    "explicit_request",
    "find_entities",
    "gate",
    "gate_derived",
    "gate_lines",
    "guard_tool_call",
    "introduced_claims",
    "screen",
    "screen_batch",
    "scrub_output",
]
