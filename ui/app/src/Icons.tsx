// Inline SVG icons: no icon font, no emoji font needed, crisp at any size, colored by currentColor.

const props = { width: 16, height: 16, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true } as const;

export const ThumbUp = () => (
  <svg {...props}><path d="M7 10v11H3V10h4zM7 10l4-8a2 2 0 0 1 2 2v4h6a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 17.6 20H7" /></svg>
);

export const ThumbDown = () => (
  <svg {...props}><path d="M17 14V3h4v11h-4zM17 14l-4 8a2 2 0 0 1-2-2v-4H5a2 2 0 0 1-2-2.3l1.4-8A2 2 0 0 1 6.4 4H17" /></svg>
);

export const Pencil = () => (
  <svg {...props}><path d="M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4 12.5-12.5z" /></svg>
);

export const Trash = () => (
  <svg {...props}><path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6" /></svg>
);

export const Menu = () => (
  <svg {...props} width={20} height={20}><path d="M3 6h18M3 12h18M3 18h18" /></svg>
);

export const Close = () => (
  <svg {...props} width={20} height={20}><path d="M6 6l12 12M18 6L6 18" /></svg>
);

export const StopSquare = () => (
  <svg {...props} width={12} height={12} fill="currentColor" stroke="none"><rect x="4" y="4" width="16" height="16" rx="2" /></svg>
);

export const ArrowDown = () => (
  <svg {...props}><path d="M12 5v14M5 12l7 7 7-7" /></svg>
);
