import { useCallback, useEffect, useRef, useState } from "react";
import type { ElementItem } from "@parley/client";
import { componentSrc, objectProp } from "./urls.js";

const minHeight = 24;
const maxHeight = 2000;

/**
 * The app's component in a sandboxed frame (scripts, but an opaque origin: no cookies, storage or
 * API of the chat). Props go in with postMessage on load and on every update; the frame may ask to
 * resize and may submit a value.
 */
export function CustomElement({ element, onSubmit, className = "custom-element" }: { element: ElementItem; onSubmit?: ((value: unknown) => void) | undefined; className?: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<number | null>(null);
  const src = componentSrc(element.props?.["component"]);
  const props = element.props?.["props"];

  const send = useCallback(() => {
    frame.current?.contentWindow?.postMessage({ parley: "props", props: objectProp(props) }, "*");
  }, [props]);

  useEffect(send, [send]);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (!frame.current || event.source !== frame.current.contentWindow) return;
      const data: unknown = event.data;
      if (data === null || typeof data !== "object") return;
      const message = data as { parley?: unknown; height?: unknown; value?: unknown };
      if (message.parley === "ready") send();
      else if (message.parley === "resize" && typeof message.height === "number" && Number.isFinite(message.height)) {
        setHeight(Math.min(maxHeight, Math.max(minHeight, Math.ceil(message.height))));
      } else if (message.parley === "submit") onSubmit?.(message.value);
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [send, onSubmit]);

  if (!src) return <span className="element-missing">{element.name}</span>;
  return (
    <iframe
      ref={frame}
      className={className}
      src={src}
      title={element.name}
      sandbox="allow-scripts"
      referrerPolicy="no-referrer"
      onLoad={send}
      data-height={height ?? undefined}
      style={height !== null ? { height } : undefined}
    />
  );
}
