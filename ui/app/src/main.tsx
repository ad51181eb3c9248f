import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ParleyClient } from "@parley/client";
import { App } from "./App.js";
import "highlight.js/styles/github.css";
import "./styles.css";

// The API is under the same base as the page: "<base>api/…".
const client = new ParleyClient({ baseUrl: new URL(document.baseURI).pathname.replace(/\/$/, "") });

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
