import { useState } from "react";
import { Badge } from "@/components/ui/badge";

// A brand kit: voice traits, words to avoid, palette swatches, example hooks; evidence on demand.
export default function BrandKitCard() {
  const [showEvidence, setShowEvidence] = useState(false);

  const evidence = (item) => showEvidence && item.evidence && item.evidence.length > 0 && (
    <div data-testid="kit-evidence" style={{ fontSize: 12, opacity: 0.75, fontStyle: "italic", margin: "2px 0 4px 8px" }}>
      {item.evidence.slice(0, 3).map((quote, i) => <div key={i}>{quote}</div>)}
    </div>
  );

  const section = (title, items, testid, render) => items && items.length > 0 && (
    <div data-testid={testid} style={{ marginTop: 10 }}>
      <div style={{ fontSize: 12, fontWeight: 600, textTransform: "uppercase", opacity: 0.7, marginBottom: 4 }}>{title}</div>
      {render(items)}
    </div>
  );

  const badges = (items) => (
    <div>
      {items.map((item, i) => (
        <span key={i} style={{ display: "inline-block", verticalAlign: "top", marginRight: 6, marginBottom: 4 }}>
          <Badge variant="secondary">{item.text}</Badge>
          {evidence(item)}
        </span>
      ))}
    </div>
  );

  return (
    <div data-testid="brand-kit-card" style={{ border: "1px solid rgba(127,127,127,0.35)", borderRadius: 10, padding: 14, maxWidth: 720 }}>
      <div style={{ display: "flex", alignItems: "center", gap: 8 }}>
        <div style={{ fontWeight: 700, fontSize: 16, flex: "1 1 auto" }} data-testid="kit-name">
          {props.name}{props.version ? <span style={{ fontWeight: 400, fontSize: 12, opacity: 0.6 }}> v{props.version}</span> : null}
        </div>
        <button type="button" onClick={() => setShowEvidence(!showEvidence)} aria-pressed={showEvidence}
                style={{ fontSize: 12, border: "1px solid rgba(127,127,127,0.5)", borderRadius: 6, padding: "2px 8px", background: "transparent", cursor: "pointer" }}>
          {showEvidence ? "Hide evidence" : "Show evidence"}
        </button>
      </div>
      {props.summary && <div style={{ marginTop: 4 }}>{props.summary}{evidence({ evidence: props.summaryEvidence })}</div>}
      {props.audience && <div style={{ marginTop: 4, fontSize: 13 }}><b>Audience:</b> {props.audience}</div>}
      {section("Voice", props.voice, "kit-voice", badges)}
      {section("Avoid", props.avoid, "kit-avoid", badges)}
      {section("Prefer", props.use, "kit-use", badges)}
      {section("Palette", props.palette, "kit-palette", (items) => (
        <div>
          <div style={{ display: "flex", gap: 10, flexWrap: "wrap" }}>
            {items.map((colour, i) => (
              <div key={i} title={colour.hex} style={{ width: 56, textAlign: "center", fontSize: 11 }}>
                <div data-swatch={colour.hex} style={{ width: 40, height: 40, margin: "0 auto 2px", borderRadius: 6, background: colour.hex, border: "1px solid rgba(127,127,127,0.4)" }} />
                {colour.hex}
              </div>
            ))}
          </div>
          {items.map((colour, i) => <div key={i}>{evidence(colour)}</div>)}
        </div>
      ))}
      {section("Example hooks", props.hooks, "kit-hooks", (items) => (
        <ul style={{ paddingLeft: 18, margin: 0 }}>
          {items.map((item, i) => <li key={i}>“{item.text}”{evidence(item)}</li>)}
        </ul>
      ))}
      {section("Calls to action", props.ctas, "kit-ctas", badges)}
      {section("Limits", props.limits, "kit-limits", (items) => (
        <ul style={{ paddingLeft: 18, margin: 0 }}>{items.map((item, i) => <li key={i}>{item.text}{evidence(item)}</li>)}</ul>
      ))}
      {props.formatting && <div style={{ marginTop: 10, fontSize: 13 }}><b>Formatting:</b> {props.formatting}</div>}
      {section("Rules", props.rules, "kit-rules", (items) => (
        <ul style={{ paddingLeft: 18, margin: 0 }}>{items.map((item, i) => <li key={i}>{item.text}{evidence(item)}</li>)}</ul>
      ))}
      {props.notes && props.notes.length > 0 && (
        <div style={{ marginTop: 8, fontSize: 12, opacity: 0.75 }}>{props.notes.join(" ")}</div>
      )}
      {showEvidence && props.sources && props.sources.length > 0 && (
        <div style={{ marginTop: 8, fontSize: 12, opacity: 0.75 }}>Built from: {props.sources.join(", ")}</div>
      )}
    </div>
  );
}
