namespace Parley.AspNetCore.Endpoints;

/// <summary>The script custom elements include (<c>&lt;script src="_runtime.js"&gt;</c>): the element's side of the postMessage protocol.</summary>
internal static class CustomElementRuntime
{
    public const string Script = """
        // Parley custom element runtime. The element runs in a sandboxed frame (an opaque origin); it
        // talks to the chat UI only through these messages:
        //   UI -> element: {parley: "props", props}
        //   element -> UI: {parley: "ready"}, {parley: "resize", height}, {parley: "submit", value},
        //                  {parley: "update", props}
        (function () {
          "use strict";
          var listeners = [];
          var current = null;
          var lastHeight = -1;
          function post(message) { window.parent.postMessage(message, "*"); }
          window.addEventListener("message", function (event) {
            if (event.source !== window.parent) return;
            var data = event.data;
            if (!data || data.parley !== "props") return;
            current = data.props && typeof data.props === "object" ? data.props : {};
            listeners.slice().forEach(function (listener) {
              try { listener(current); } catch (error) { console.error(error); }
            });
          });
          function resize(height) {
            var h = Math.max(0, Math.ceil(Number(height) || 0));
            if (h === lastHeight) return;
            lastHeight = h;
            post({ parley: "resize", height: h });
          }
          function measure() { resize(document.documentElement.getBoundingClientRect().height); }
          window.parley = {
            /** Calls back with the props now (if they arrived) and on every change. */
            onProps: function (listener) { listeners.push(listener); if (current) listener(current); },
            /** The latest props, or null before the first arrive. */
            get props() { return current; },
            /** Submits a value (the answer to an element ask). */
            submit: function (value) { post({ parley: "submit", value: value }); },
            /** Sets the frame's height in CSS pixels (done automatically as the content changes). */
            resize: resize,
            /** Asks the UI to change this element's props. */
            updateProps: function (props) { post({ parley: "update", props: props }); }
          };
          if (typeof ResizeObserver === "function") {
            new ResizeObserver(measure).observe(document.documentElement);
          }
          window.addEventListener("load", measure);
          post({ parley: "ready" });
        })();
        """;
}
