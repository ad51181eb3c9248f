const iconProps = { width: 16, height: 16, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true } as const;

const Mic = () => (
  <svg {...iconProps}><path d="M12 3a3 3 0 0 1 3 3v6a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3zM5 11a7 7 0 0 0 14 0M12 18v3" /></svg>
);

/** The composer's microphone: "Record audio", then "Stop recording" with the elapsed time. */
export function RecordButton({ recording, elapsedMs, disabled, onStart, onStop }: {
  recording: boolean;
  elapsedMs: number;
  disabled: boolean;
  onStart(): void;
  onStop(): void;
}) {
  return (
    <>
      {recording && (
        <span className="recording-time" role="timer" data-testid="recording-time">
          <span className="recording-dot" aria-hidden="true" /> Recording {formatElapsed(elapsedMs)}
        </span>
      )}
      <button
        type="button"
        className={recording ? "mic recording" : "mic"}
        aria-label={recording ? "Stop recording" : "Record audio"}
        aria-pressed={recording}
        disabled={disabled && !recording}
        onClick={recording ? onStop : onStart}
      >
        <Mic />
      </button>
    </>
  );
}

export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
