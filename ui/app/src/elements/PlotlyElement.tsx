import { useEffect, useRef, useState } from "react";
import type { ElementItem } from "@parley/client";
import { SvgChart } from "./svgChart.js";
import { objectProp } from "./urls.js";

type PlotlyApi = typeof import("plotly.js-dist-min");

/**
 * A Plotly chart. plotly.js is loaded on first use (a separate chunk: the main bundle does not
 * carry it); if it cannot load or draw, a small SVG rendering of the scatter and bar traces is shown.
 */
export function PlotlyElement({ element }: { element: ElementItem }) {
  const root = useRef<HTMLDivElement>(null);
  const [fallback, setFallback] = useState(false);
  const figure = objectProp(element.props?.["figure"]);
  const data = Array.isArray(figure["data"]) ? (figure["data"] as unknown[]) : [];
  const layout = objectProp(figure["layout"]);

  useEffect(() => {
    let cancelled = false;
    const el = root.current;
    if (!el || fallback) return;
    import("plotly.js-dist-min")
      .then((module) => {
        const plotly = ((module as { default?: PlotlyApi }).default ?? module) as PlotlyApi;
        if (cancelled) return;
        // Plotly changes the objects it is given: hand it copies.
        // The container has a fixed height (a responsive plot in an auto-height box would grow without end).
        return plotly.react(el, structuredClone(data), { autosize: true, margin: { t: 40, r: 16, b: 40, l: 48 }, ...structuredClone(layout) }, { displayModeBar: false, responsive: true });
      })
      .catch(() => !cancelled && setFallback(true));
    return () => {
      cancelled = true;
    };
  }, [element.props, fallback]);

  if (fallback) return <SvgChart data={data} title={element.name} />;
  const height = typeof layout["height"] === "number" && layout["height"] > 0 && layout["height"] <= 2000 ? layout["height"] : 340;
  return <div className="plotly-chart" ref={root} role="img" aria-label={element.name} style={{ height }} />;
}
