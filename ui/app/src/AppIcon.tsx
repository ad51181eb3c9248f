// An icon the app supplied: a built-in icon name, an emoji or short text, or an app-relative URL
// beginning with "/". Anything else (a scheme such as javascript: or https:, or //host) shows nothing.

import type { ReactElement } from "react";
import { iconKind } from "./icons.js";

const svg = { width: 16, height: 16, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true } as const;

const builtIn: Record<string, () => ReactElement> = {
  search: () => <svg {...svg}><circle cx="11" cy="11" r="7" /><path d="M21 21l-4.3-4.3" /></svg>,
  sparkles: () => <svg {...svg}><path d="M12 3l1.8 4.7L18.5 9.5l-4.7 1.8L12 16l-1.8-4.7L5.5 9.5l4.7-1.8zM19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8z" /></svg>,
  pen: () => <svg {...svg}><path d="M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4 12.5-12.5z" /></svg>,
  code: () => <svg {...svg}><path d="M16 18l6-6-6-6M8 6l-6 6 6 6" /></svg>,
  image: () => <svg {...svg}><rect x="3" y="3" width="18" height="18" rx="2" /><circle cx="8.5" cy="8.5" r="1.5" /><path d="M21 15l-5-5L5 21" /></svg>,
  chat: () => <svg {...svg}><path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" /></svg>,
  bolt: () => <svg {...svg}><path d="M13 2L3 14h9l-1 8 10-12h-9z" /></svg>,
  book: () => <svg {...svg}><path d="M4 19.5A2.5 2.5 0 0 1 6.5 17H20V3H6.5A2.5 2.5 0 0 0 4 5.5z" /></svg>,
  settings: () => <svg {...svg}><circle cx="12" cy="12" r="3" /><path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" /></svg>,
};

export function AppIcon({ icon }: { icon: string | undefined }) {
  switch (iconKind(icon, (name) => Object.hasOwn(builtIn, name))) {
    case "builtin":
      return <span className="app-icon">{builtIn[icon!]!()}</span>;
    case "url":
      return <img className="app-icon" src={icon} alt="" width={16} height={16} />;
    case "text":
      return <span className="app-icon" aria-hidden="true">{icon}</span>;
    default:
      return null;
  }
}

/** The built-in settings icon, for the settings button. */
export const SettingsIcon = builtIn["settings"]!;
