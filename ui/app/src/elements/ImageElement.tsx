import { useEffect, useState } from "react";
import type { ElementItem } from "@parley/client";
import { fileSrc } from "./urls.js";

/** A thumbnail (small, medium or large) that opens the full image on a click. */
export function ImageElement({ element }: { element: ElementItem }) {
  const [open, setOpen] = useState(false);
  const src = fileSrc(element.url);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  if (!src) return <span className="element-missing">{element.name}</span>;
  const size = element.size === "small" || element.size === "large" ? element.size : "medium";
  return (
    <>
      <button type="button" className={`image-thumb size-${size}`} onClick={() => setOpen(true)} aria-label={`Enlarge ${element.name}`}>
        <img src={src} alt={element.name} loading="lazy" />
      </button>
      {open && (
        <div className="image-lightbox" role="dialog" aria-label={element.name} onClick={() => setOpen(false)}>
          <img src={src} alt={element.name} />
          <button type="button" className="lightbox-close" aria-label="Close image" onClick={() => setOpen(false)}>×</button>
        </div>
      )}
    </>
  );
}
