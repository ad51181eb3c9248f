import type { ElementItem } from "@parley/client";
import { fileSrc } from "./urls.js";

/** An audio player. */
export function AudioElement({ element }: { element: ElementItem }) {
  const src = fileSrc(element.url);
  if (!src) return <span className="element-missing">{element.name}</span>;
  return <audio className="audio-element" controls preload="metadata" src={src} aria-label={element.name} />;
}
