import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the Codeclass server hosts Vite in middleware mode on its own origin, so
// /trpc and /api/auth are same-origin and no proxy is needed.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      // y-monaco imports Monaco by a path that monaco-editor 0.57's `exports` map no longer allows;
      // point it at the same module the app's `monaco-editor` import loads, so there is one Monaco.
      { find: /^monaco-editor\/esm\/vs\/editor\/editor\.api\.js$/, replacement: "monaco-editor/editor/editor.api.js" },
    ],
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            {
              name: "mantine",
              test: /node_modules[\\/](@mantine|@floating-ui|react-remove-scroll|react-transition-group|react-number-format)/,
            },
            { name: "data", test: /node_modules[\\/](@tanstack|@trpc|superjson|better-auth|@better-auth|@better-fetch|nanostores|zod)/ },
          ],
        },
      },
    },
  },
});
