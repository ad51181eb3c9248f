import { useEffect, useState } from "react";

export interface Toast {
  id: number;
  level: "info" | "success" | "warning" | "error";
  message: string;
}

/** Short notifications; each disappears after a few seconds. */
export function Toasts({ toasts, onDone }: { toasts: readonly Toast[]; onDone(id: number): void }) {
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => <ToastView key={t.id} toast={t} onDone={onDone} />)}
    </div>
  );
}

function ToastView({ toast, onDone }: { toast: Toast; onDone(id: number): void }) {
  const [leaving, setLeaving] = useState(false);
  useEffect(() => {
    const a = setTimeout(() => setLeaving(true), 4000);
    const b = setTimeout(() => onDone(toast.id), 4400);
    return () => {
      clearTimeout(a);
      clearTimeout(b);
    };
  }, [toast.id, onDone]);
  return <div className={`toast toast-${toast.level}${leaving ? " leaving" : ""}`} role="status">{toast.message}</div>;
}
