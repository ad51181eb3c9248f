import type { ElementItem } from "@parley/client";
import { FileIcon } from "./ElementIcons.js";
import { fileSrc, formatBytes } from "./urls.js";

/** A download chip with the file's name and size. */
export function FileElement({ element }: { element: ElementItem }) {
  const src = fileSrc(element.url);
  const size = formatBytes(element.props?.["bytes"]);
  if (!src) return <span className="element-missing">{element.name}</span>;
  return (
    <a className="file-chip" href={src} download={element.name} aria-label={`Download ${element.name}`}>
      <FileIcon />
      <span className="file-name">{element.name}</span>
      {size && <span className="file-size">{size}</span>}
    </a>
  );
}
