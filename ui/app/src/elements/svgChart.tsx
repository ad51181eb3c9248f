// A small SVG renderer for Plotly figures, used when plotly.js cannot load: scatter (lines and/or
// markers) and bar traces on linear axes. Enough to show the data; not Plotly.

interface Trace {
  type: "scatter" | "bar";
  xs: number[];
  ys: number[];
  lines: boolean;
  markers: boolean;
  name: string;
}

const palette = ["#2563eb", "#f97316", "#16a34a", "#dc2626", "#9333ea", "#0891b2"];

function numbers(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function tracesOf(data: unknown): Trace[] {
  return numbers(data).flatMap((raw, index) => {
    if (raw === null || typeof raw !== "object") return [];
    const t = raw as Record<string, unknown>;
    const type = t["type"] === "bar" ? "bar" : t["type"] === undefined || t["type"] === "scatter" || t["type"] === "scattergl" ? "scatter" : null;
    if (!type) return [];
    const ys = numbers(t["y"]).map(Number);
    const rawX = numbers(t["x"]);
    // Categories (or no x) plot at their index.
    const xs = rawX.length === ys.length && rawX.every((x) => typeof x === "number") ? (rawX as number[]) : ys.map((_, i) => i);
    const mode = typeof t["mode"] === "string" ? t["mode"] : "lines+markers";
    return [{ type, xs, ys, lines: mode.includes("lines"), markers: mode.includes("markers"), name: typeof t["name"] === "string" ? t["name"] : `trace ${index}` }];
  });
}

export function SvgChart({ data, title }: { data: unknown; title: string }) {
  const traces = tracesOf(data);
  const width = 480;
  const height = 280;
  const pad = 32;
  const all = traces.flatMap((t) => t.xs.map((x, i) => [x, t.ys[i] ?? 0] as const)).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const hasBars = traces.some((t) => t.type === "bar");
  const minX = Math.min(...all.map(([x]) => x)) - (hasBars ? 0.5 : 0);
  const maxX = Math.max(...all.map(([x]) => x)) + (hasBars ? 0.5 : 0);
  const minY = Math.min(0, ...all.map(([, y]) => y));
  const maxY = Math.max(...all.map(([, y]) => y));
  const sx = (x: number) => pad + ((x - minX) / (maxX - minX || 1)) * (width - 2 * pad);
  const sy = (y: number) => height - pad - ((y - minY) / (maxY - minY || 1)) * (height - 2 * pad);
  const barWidth = Math.max(2, ((width - 2 * pad) / Math.max(1, maxX - minX)) * 0.6 / Math.max(1, traces.filter((t) => t.type === "bar").length));
  return (
    <svg className="svg-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="currentColor" strokeOpacity="0.4" />
      <line x1={pad} y1={pad} x2={pad} y2={height - pad} stroke="currentColor" strokeOpacity="0.4" />
      {all.length > 0 && traces.map((t, ti) => {
        const color = palette[ti % palette.length];
        const points = t.xs.map((x, i) => [sx(x), sy(t.ys[i] ?? 0)] as const);
        if (t.type === "bar") {
          const barIndex = traces.slice(0, ti).filter((o) => o.type === "bar").length;
          return (
            <g key={ti} data-trace={t.name}>
              {points.map(([x, y], i) => (
                <rect key={i} data-mark="bar" x={x - barWidth / 2 + barIndex * barWidth} y={Math.min(y, sy(0))} width={barWidth} height={Math.abs(sy(0) - y)} fill={color} />
              ))}
            </g>
          );
        }
        return (
          <g key={ti} data-trace={t.name}>
            {t.lines && <polyline data-mark="line" points={points.map(([x, y]) => `${x},${y}`).join(" ")} fill="none" stroke={color} strokeWidth="2" />}
            {t.markers && points.map(([x, y], i) => <circle key={i} data-mark="point" cx={x} cy={y} r="3.5" fill={color} />)}
          </g>
        );
      })}
    </svg>
  );
}
