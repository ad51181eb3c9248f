// What an app-supplied icon string is: a built-in icon name, an app-relative URL beginning with "/",
// or an emoji/short text. Anything else — a scheme (javascript:, https:, data:) or a
// protocol-relative "//host" — is null: never shown, never fetched.

export type IconKind = "builtin" | "url" | "text";

export function iconKind(icon: string | undefined, isBuiltIn: (name: string) => boolean): IconKind | null {
  if (!icon) return null;
  if (isBuiltIn(icon)) return "builtin";
  if (icon.startsWith("/")) return icon.startsWith("//") || icon.startsWith("/\\") || /[\s"'<>]/.test(icon) ? null : "url";
  return [...icon].length <= 8 && !icon.includes(":") && !icon.includes("/") ? "text" : null;
}
