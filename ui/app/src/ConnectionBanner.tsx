import type { ConnectionStatus } from "@parley/client";

/** Tells the truth about the connection; never a silent dead UI. */
export function ConnectionBanner({ status, pending }: { status: ConnectionStatus | undefined; pending: number }) {
  if (!status || status.status === "connected" || status.status === "connecting") return null;
  let text: string;
  switch (status.status) {
    case "offline":
      text = "Offline — messages will be sent when you're back.";
      break;
    case "reconnecting":
      text = status.attempt > 1 ? `Reconnecting… (attempt ${status.attempt})` : "Reconnecting…";
      break;
    case "closed":
      text = status.reason === "not_found" ? "This chat no longer exists." : "Disconnected.";
      break;
  }
  return (
    <div className={`banner banner-${status.status}`} role="status" data-testid="connection-banner">
      {text}
      {pending > 0 && status.status !== "closed" ? ` ${pending} unsent.` : ""}
    </div>
  );
}
