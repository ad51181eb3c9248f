import { useEffect, useRef, useState } from "react";

/**
 * A minimal stand-in for the elements slice's ElementView, for element asks: the app's custom
 * element in a sandboxed iframe (scripts only, no same origin). It receives its props and answers
 * by posting {parley: "submit", value}.
 */
export function AskElementView({ component, props, onSubmit }: { component: string; props?: Record<string, unknown> | undefined; onSubmit?: (value: unknown) => void }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(160);
  const submit = useRef(onSubmit);
  submit.current = onSubmit;

  useEffect(() => {
    const listener = (event: MessageEvent) => {
      if (event.source !== frame.current?.contentWindow) return;
      const data = event.data as { parley?: unknown; value?: unknown; height?: unknown } | null;
      if (!data || typeof data !== "object") return;
      if (data.parley === "submit") submit.current?.(data.value);
      if (data.parley === "resize" && typeof data.height === "number") setHeight(Math.min(Math.max(data.height, 40), 800));
    };
    window.addEventListener("message", listener);
    return () => window.removeEventListener("message", listener);
  }, []);

  const sendProps = () => frame.current?.contentWindow?.postMessage({ parley: "props", props: props ?? {} }, "*");

  return (
    <iframe
      ref={frame}
      className="ask-element"
      title={component}
      sandbox="allow-scripts"
      src={`/elements/${encodeURIComponent(component)}`}
      style={{ height }}
      onLoad={sendProps}
    />
  );
}
