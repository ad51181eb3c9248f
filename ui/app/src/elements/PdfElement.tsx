import type { ElementItem } from "@parley/client";
import { fileSrc } from "./urls.js";

/** The browser's PDF viewer in a frame, with a link to open the document on its own. */
export function PdfElement({ element }: { element: ElementItem }) {
  const src = fileSrc(element.url);
  if (!src) return <span className="element-missing">{element.name}</span>;
  return (
    <div className="pdf-element">
      <iframe className="pdf-frame" src={src} title={element.name} />
      <a className="pdf-link" href={src} target="_blank" rel="noopener noreferrer">Open {element.name}</a>
    </div>
  );
}
