import type { ElementItem } from "@parley/client";
import { AudioElement } from "./AudioElement.js";
import { CustomElement } from "./CustomElement.js";
import { FileElement } from "./FileElement.js";
import { ImageElement } from "./ImageElement.js";
import { PdfElement } from "./PdfElement.js";
import { PlotlyElement } from "./PlotlyElement.js";
import { TaskListElement } from "./TaskListElement.js";
import { TextElement } from "./TextElement.js";
import { VideoElement } from "./VideoElement.js";

export interface ElementViewProps {
  element: ElementItem;
  /** Called when a custom element submits a value (an element ask). */
  onSubmit?: (value: unknown) => void;
}

/** One element, rendered by its kind (whatever its display mode: the caller decides where). */
export function ElementView({ element, onSubmit }: ElementViewProps) {
  return (
    <figure className={`element element-${element.kind}`} data-testid="element" data-kind={element.kind} aria-label={element.name}>
      <Kind element={element} onSubmit={onSubmit} />
      {element.kind !== "file" && element.kind !== "tasklist" && element.kind !== "pdf" && <figcaption>{element.name}</figcaption>}
    </figure>
  );
}

function Kind({ element, onSubmit }: { element: ElementItem; onSubmit: ((value: unknown) => void) | undefined }) {
  switch (element.kind) {
    case "image":
      return <ImageElement element={element} />;
    case "file":
      return <FileElement element={element} />;
    case "pdf":
      return <PdfElement element={element} />;
    case "audio":
      return <AudioElement element={element} />;
    case "video":
      return <VideoElement element={element} />;
    case "text":
      return <TextElement element={element} />;
    case "plotly":
      return <PlotlyElement element={element} />;
    case "tasklist":
      return <TaskListElement element={element} />;
    case "custom":
      return <CustomElement element={element} onSubmit={onSubmit} />;
    default:
      return <span className="element-missing">{element.name}</span>;
  }
}
