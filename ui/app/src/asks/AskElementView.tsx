import { useMemo } from "react";
import type { ElementItem } from "@parley/client";
import { CustomElement } from "../elements/CustomElement.js";

/**
 * An element ask's custom element: the app's component, shown like any custom element (a sandboxed
 * frame that gets its props), whose `submit` answers the ask.
 */
export function AskElementView({ askId, component, props, onSubmit }: { askId: string; component: string; props?: Record<string, unknown> | undefined; onSubmit?: (value: unknown) => void }) {
  const element = useMemo<ElementItem>(
    () => ({ id: `${askId}-element`, type: "element", status: "completed", createdAt: "", kind: "custom", name: component, props: { component, props: props ?? {} } }),
    [askId, component, props],
  );
  return <CustomElement element={element} onSubmit={onSubmit} className="custom-element ask-element" />;
}
