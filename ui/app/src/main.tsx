import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ParleyClient } from "@parley/client";
import { App } from "./App.js";
import { WindowBridge } from "./windowBridge.js";
import "highlight.js/styles/github.css";
import "./styles.css";

// The API is under the same base as the page: "<base>api/…".
const client = new ParleyClient({ baseUrl: new URL(document.baseURI).pathname.replace(/\/$/, "") });

// Listening before React renders: a host page that posts on the iframe's load event loses nothing
// (the messages wait until the app knows the allowed origins and can post them).
const bridge = new WindowBridge(window);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App client={client} bridge={bridge} />
  </StrictMode>,
);
