// Small inline SVG icons for elements (no icon font, nothing fetched).

export function FileIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
      <path d="M14 3v5h5" />
    </svg>
  );
}

export function TaskIcon({ status, label }: { status: "ready" | "running" | "done" | "failed"; label: string }) {
  if (status === "running") return <span className="spinner task-icon" role="img" aria-label={label} />;
  return (
    <svg className={`task-icon icon-${status}`} viewBox="0 0 24 24" width="18" height="18" role="img" aria-label={label} fill="none" stroke="currentColor" strokeWidth="2">
      <circle cx="12" cy="12" r="9" />
      {status === "done" && <path d="M8 12.5l3 3 5-6" />}
      {status === "failed" && <path d="M9 9l6 6M15 9l-6 6" />}
    </svg>
  );
}
