import { Badge } from "@/components/ui/badge";

// A script and its repurposed formats side by side: each column its text with [n] marks, then its checks.
export default function RepurposeCard() {
  const columns = [{ label: "Original script", lines: props.original, checks: "", method: "" }, ...props.formats];
  return (
    <div data-testid="repurpose-card" style={{ border: "1px solid rgba(127,127,127,0.35)", borderRadius: 10, padding: 14 }}>
      <div style={{ fontSize: 12, opacity: 0.75, marginBottom: 8 }}>{props.context}</div>
      <div style={{ display: "grid", gridTemplateColumns: `repeat(${columns.length}, minmax(200px, 1fr))`, gap: 12, overflowX: "auto" }}>
        {columns.map((column) => (
          <div key={column.label} data-format={column.label} style={{ display: "flex", flexDirection: "column", gap: 6 }}>
            <div style={{ display: "flex", alignItems: "center", gap: 6, flexWrap: "wrap" }}>
              <span style={{ fontWeight: 700 }}>{column.label}</span>
              {column.method && <Badge variant="outline" title={column.method === "rewritten"
                ? "The model's rewording, kept because it passed every check"
                : "Built from the script's own wording"}>{column.method}</Badge>}
            </div>
            {column.lines.map((line, index) => (
              <div key={index} style={{ whiteSpace: "pre-wrap", fontSize: 14 }}>{line}</div>
            ))}
            {column.checks && <div data-testid="format-checks" style={{ fontSize: 12, opacity: 0.75, borderTop: "1px solid rgba(127,127,127,0.25)", paddingTop: 6 }}>{column.checks}</div>}
            {(column.notes || []).map((note, index) => (
              <div key={`note-${index}`} style={{ fontSize: 12, color: "#b45309" }}>{note}</div>
            ))}
          </div>
        ))}
      </div>
      {props.sources.length > 0 && (
        <div style={{ marginTop: 10, fontSize: 12, opacity: 0.8 }}>
          {props.sources.map((source, index) => <div key={index}>{source}</div>)}
        </div>
      )}
    </div>
  );
}
