import { formatBytes as formatSize } from "@parley/client";

// Elements only ever load what the server issued: a file url is exactly "/api/files/{id}", and a
// custom component is a name the server serves from the app's own folder. Anything else is not used.

const fileUrlPattern = /^\/api\/files\/[A-Za-z0-9_-]{1,128}$/;
const componentPattern = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

function mount(): string {
  return new URL(document.baseURI).pathname.replace(/\/$/, "");
}

/** The server-issued file url, resolved under the chat's mount point; null when it is not one. */
export function fileSrc(url: string | undefined): string | null {
  return url && fileUrlPattern.test(url) ? mount() + url : null;
}

/** The url of a custom element component; null when the name is not a component name. */
export function componentSrc(name: unknown): string | null {
  return typeof name === "string" && componentPattern.test(name) ? `${mount()}/elements/${name}` : null;
}

/** A byte count from untrusted props for people ("812 B", "14 KB"); null when it is not a count. */
export function formatBytes(bytes: unknown): string | null {
  return typeof bytes === "number" && Number.isFinite(bytes) && bytes >= 0 ? formatSize(bytes) : null;
}

/** An object-valued prop, or an empty object. */
export function objectProp(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
