import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./app/App";
import { activateLocale, preferredLocale } from "./app/i18n";
import "./app/styles.css";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root");
// The person's language is loaded before the first render, so no text flashes in another.
await activateLocale(preferredLocale());
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
