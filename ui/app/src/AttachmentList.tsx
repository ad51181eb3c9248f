import { formatBytes, isImage, type FileRef } from "@parley/client";
import { fileSrc } from "./elements/urls.js";

/** A sent message's files: thumbnails for images, a chip with name and size for anything else. */
export function AttachmentList({ files }: { files: readonly FileRef[] | undefined }) {
  // Only server-issued URLs are ever linked, under the chat's mount point.
  const shown = (files ?? []).flatMap((f) => {
    const src = fileSrc(f.url);
    return src ? [{ ...f, url: src }] : [];
  });
  if (shown.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {shown.map((f) => (
        <li key={f.id}>
          {isImage(f) ? (
            <a href={f.url} target="_blank" rel="noopener noreferrer" className="attachment-image">
              <img src={f.url} alt={f.name} loading="lazy" />
            </a>
          ) : (
            <a href={f.url} target="_blank" rel="noopener noreferrer" className="file-chip" data-testid="file-chip">
              <span className="chip-name">{f.name}</span> <span className="chip-size">{formatBytes(f.size)}</span>
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}
