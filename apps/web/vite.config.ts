import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the Codeclass server hosts Vite in middleware mode on its own origin, so
// /trpc and /api/auth are same-origin and no proxy is needed.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: true },
});
