import type { ElementItem } from "@parley/client";
import { fileSrc } from "./urls.js";

/** A video player. */
export function VideoElement({ element }: { element: ElementItem }) {
  const src = fileSrc(element.url);
  if (!src) return <span className="element-missing">{element.name}</span>;
  return <video className="video-element" controls preload="metadata" src={src} aria-label={element.name} />;
}
