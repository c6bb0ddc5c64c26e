import { useState } from "react";
import { Badge } from "@/components/ui/badge";

// A short-video script: angle, parts with [n] citations that open their quote, duration, brand score.
export default function ScriptCard() {
  const [open, setOpen] = useState(null);
  const citations = props.citations || [];
  const byNumber = Object.fromEntries(citations.map((c) => [c.number, c]));
  const score = props.brandScore;
  const scoreColour = score == null ? "#6b7280" : score >= 80 ? "#15803d" : score >= 60 ? "#b45309" : "#b91c1c";

  const quote = (number) => {
    const c = byNumber[number];
    if (!c) return null;
    return (
      <div data-testid={`citation-quote-${number}`} role="note"
           style={{ borderLeft: "3px solid #6366f1", padding: "6px 10px", margin: "6px 0", background: "rgba(99,102,241,0.08)", borderRadius: 4 }}>
        <div style={{ fontStyle: "italic" }}>“{c.text}”</div>
        <div style={{ fontSize: 12, opacity: 0.75, marginTop: 2 }}>
          [{c.number}] {c.kind}{c.sourceId ? ` ${c.sourceId}` : ""}{c.detail ? ` · ${c.detail}` : ""}
        </div>
      </div>
    );
  };

  const marks = (numbers, key) => numbers.map((n) => (
    <button key={`${key}-${n}`} type="button" data-citation={n} aria-label={`Citation ${n}`}
            aria-expanded={open === `${key}-${n}`}
            onClick={() => setOpen(open === `${key}-${n}` ? null : `${key}-${n}`)}
            style={{ marginLeft: 3, padding: "0 4px", fontSize: 12, borderRadius: 4, border: "1px solid #6366f1", color: "#4f46e5", background: "transparent", cursor: "pointer" }}>
      [{n}]
    </button>
  ));

  const beats = props.parts.filter((p) => p.label.startsWith("Beat"));
  const renderPart = (part, index) => {
    const key = `${part.label}-${index}`;
    const opened = open && open.startsWith(`${key}-`) ? Number(open.slice(key.length + 1)) : null;
    return (
      <div key={key} data-part={part.label} style={{ margin: "6px 0" }}>
        {!part.label.startsWith("Beat") && <div style={{ fontSize: 12, fontWeight: 600, textTransform: "uppercase", opacity: 0.7 }}>{part.label}</div>}
        <div>{part.label.startsWith("Beat") ? `${beats.indexOf(part) + 1}. ` : ""}{part.text}{marks(part.citations, key)}
          {part.flagged && <span data-testid="part-flagged" title="A check still fails after one rewrite: see the review"
                                 style={{ marginLeft: 6, color: "#b45309" }}>⚠</span>}
        </div>
        {opened != null && quote(opened)}
      </div>
    );
  };

  return (
    <div data-testid="script-card" style={{ border: "1px solid rgba(127,127,127,0.35)", borderRadius: 10, padding: 14, maxWidth: 720 }}>
      <div style={{ display: "flex", alignItems: "center", gap: 8, flexWrap: "wrap", marginBottom: 6 }}>
        <div style={{ fontWeight: 700, fontSize: 16, flex: "1 1 auto" }}>{props.angle}</div>
        {props.approved && <Badge data-testid="approved-badge">approved</Badge>}
        {props.streaming
          ? <Badge variant="outline" data-testid="streaming">writing part {props.parts.length + 1}…</Badge>
          : <Badge variant="outline" data-testid="duration">~{props.durationS} s</Badge>}
        {!props.streaming && <span data-testid="brand-score" title={props.brand ? `Brand check against ${props.brand}` : "Brand check"}
              style={{ fontSize: 12, fontWeight: 600, color: "white", background: scoreColour, borderRadius: 999, padding: "2px 8px" }}>
          {score == null ? "no brand check" : `brand ${score}/100`}
        </span>}
      </div>
      {props.parts.filter((p) => !p.label.startsWith("Beat") && p.label !== "Call to action").map(renderPart)}
      {beats.length > 0 && <div style={{ fontSize: 12, fontWeight: 600, textTransform: "uppercase", opacity: 0.7, marginTop: 8 }}>Beats</div>}
      {props.parts.filter((p) => p.label.startsWith("Beat")).map(renderPart)}
      {props.parts.filter((p) => p.label === "Call to action").map(renderPart)}
      {props.onScreenText && props.onScreenText.length > 0 && (
        <div style={{ marginTop: 8, fontSize: 13 }}><b>On screen:</b> {props.onScreenText.join(" / ")}</div>
      )}
      {props.findings && props.findings.length > 0 && (
        <details style={{ marginTop: 8, fontSize: 13 }}>
          <summary style={{ cursor: "pointer" }}>Brand check: {props.findings.length} finding(s)</summary>
          <ul style={{ paddingLeft: 18 }}>{props.findings.map((f, i) => <li key={i}>{f}</li>)}</ul>
          {props.suggestions && props.suggestions.length > 0 && <div><b>Try:</b> {props.suggestions.join(" · ")}</div>}
        </details>
      )}
      {props.assumptions && props.assumptions.length > 0 && (
        <div style={{ marginTop: 8, fontSize: 12, opacity: 0.75 }}>Assumed: {props.assumptions.join("; ")}</div>
      )}
    </div>
  );
}
