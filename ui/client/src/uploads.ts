// Upload limits as the UI checks them before sending (the server checks again and decides).

import type { FileRef, UploadFeature } from "./types.js";

const extensionTypes: Record<string, string> = {
  png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp",
  pdf: "application/pdf", txt: "text/plain", csv: "text/csv", md: "text/markdown", json: "application/json",
  mp3: "audio/mpeg", wav: "audio/wav", ogg: "audio/ogg", m4a: "audio/mp4", mp4: "video/mp4", webm: "video/webm",
};

/** A size for people: "512 B", "1.5 KB", "20 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) || value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Whether a file's type (as the browser or its name says) is one the server accepts; an unknown type is left to the server. */
export function acceptsFile(file: { name: string; type: string }, accept: readonly string[]): boolean {
  const extension = file.name.includes(".") ? file.name.slice(file.name.lastIndexOf(".") + 1).toLowerCase() : "";
  const type = (file.type || extensionTypes[extension] || "").toLowerCase();
  if (!type) return true;
  return accept.some((a) => (a.endsWith("/*") ? type.startsWith(a.slice(0, -1).toLowerCase()) : a.toLowerCase() === type));
}

/**
 * Why a file cannot be attached, or null when it may be uploaded: uploads off, too many files, or too
 * large. The type is left to the server, which explains a refusal itself.
 */
export function checkFile(file: { name: string; size: number }, limits: UploadFeature | null | undefined, attached: number): string | null {
  if (!limits?.enabled) return "This chat does not accept files.";
  if (attached >= limits.maxFiles) return `At most ${limits.maxFiles} ${limits.maxFiles === 1 ? "file" : "files"} per message.`;
  if (file.size > limits.maxFileBytes) return `${file.name} is larger than the limit of ${formatBytes(limits.maxFileBytes)}.`;
  return null;
}

/** Whether a file is an image the UI shows as a thumbnail. */
export function isImage(file: Pick<FileRef, "mime">): boolean {
  return /^image\/(png|jpeg|gif|webp)$/.test(file.mime);
}
