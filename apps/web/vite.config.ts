import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webRoot, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(webRoot, "package.json"), "utf8")) as { dependencies: Record<string, string> };
/** The source folders of the workspace packages the app imports at run time (never the server's data). */
const workspaceSources = Object.keys(manifest.dependencies)
  .filter((name) => name.startsWith("@codeclass/"))
  .map((name) => path.join(repoRoot, "packages", name.slice("@codeclass/".length), "src"));

// In development the Codeclass server hosts Vite in middleware mode on its own origin, so
// /trpc and /api/auth are same-origin and no proxy is needed.
export default defineConfig({
  plugins: [react()],
  server: {
    // Vite's default would let pages on any localhost port read every file it serves.
    cors: false,
    fs: {
      strict: true,
      // Only what the app imports: its own folder, the packages above, and installed dependencies.
      // Vite's default is the whole workspace, data directories and credentials included.
      allow: [webRoot, ...workspaceSources, path.join(repoRoot, "node_modules")],
      deny: [".env", ".env.*", "*.{crt,pem,key}", "**/.git/**", "**/.data/**", "**/*.credentials.json", "**/auth-secret"],
    },
    watch: { ignored: ["**/.data/**"] },
  },
  resolve: {
    alias: [
      // y-monaco imports Monaco by a path that monaco-editor 0.57's `exports` map no longer allows;
      // point it at the same module the app's `monaco-editor` import loads, so there is one Monaco.
      { find: /^monaco-editor\/esm\/vs\/editor\/editor\.api\.js$/, replacement: "monaco-editor/editor/editor.api.js" },
    ],
  },
  build: {
    outDir: "dist",
    // Maps are written for error reports but not referenced from the bundles; the server never serves them.
    sourcemap: "hidden",
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
