import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { registerPrecacheWorker } from "./lib/precacheWorker.ts";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Production only: keeps the build's scripts compiled for the next visit (see precacheWorker.ts).
registerPrecacheWorker();
