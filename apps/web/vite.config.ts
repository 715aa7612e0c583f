import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webRoot, "../..");
/**
 * The source folders of the workspace packages the app imports at run time, directly or through
 * another one (never the server's data): each package's `src`, found through the symlink pnpm
 * makes for it.
 */
function workspaceSourcesOf(packageDir: string, found = new Map<string, string>()): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (!name.startsWith("@codeclass/") || found.has(name)) continue;
    const dir = fs.realpathSync(path.join(packageDir, "node_modules", name));
    found.set(name, path.join(dir, "src"));
    workspaceSourcesOf(dir, found);
  }
  return found;
}
const workspaceSources = [...workspaceSourcesOf(webRoot).values()];

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes `name.br` and `name.gz` beside every text file of the build (a kilobyte or more), at the
 * highest levels, once; the production server picks one by the request's Accept-Encoding.
 */
function precompress(): Plugin {
  return {
    name: "codeclass:precompress",
    apply: "build",
    async writeBundle(options, bundle) {
      const outDir = options.dir ?? path.join(webRoot, "dist");
      const files = Object.keys(bundle).filter((name) => /\.(js|mjs|css|html|svg|json|txt|wasm|ttf)$/.test(name));
      await Promise.all(
        files.map(async (name) => {
          const file = path.join(outDir, name);
          const data = await fs.promises.readFile(file);
          if (data.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(data, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
              },
            }),
            gzip(data, { level: 9 }),
          ]);
          await Promise.all([fs.promises.writeFile(`${file}.br`, br), fs.promises.writeFile(`${file}.gz`, gz)]);
        }),
      );
    },
  };
}

/**
 * Excalidraw's fonts served from this origin (`/excalidraw/fonts/…`, `window.EXCALIDRAW_ASSET_PATH`
 * in Whiteboard.tsx) instead of its default CDN: the app loads nothing from other hosts (the
 * server's CSP allows fonts only from 'self'). Copied into the build; served from the package in development.
 */
function excalidrawFonts(): Plugin {
  const fonts = path.join(fs.realpathSync(path.join(webRoot, "node_modules/@excalidraw/excalidraw")), "dist/prod/fonts");
  return {
    name: "codeclass:excalidraw-fonts",
    configureServer(server) {
      server.middlewares.use("/excalidraw/fonts", (req, res, next) => {
        const file = path.join(fonts, decodeURIComponent((req.url ?? "/").split("?")[0]!));
        if (!file.startsWith(`${fonts}${path.sep}`) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return next();
        res.setHeader("content-type", file.endsWith(".woff2") ? "font/woff2" : "application/octet-stream");
        fs.createReadStream(file).pipe(res);
      });
    },
    writeBundle(options) {
      fs.cpSync(fonts, path.join(options.dir ?? path.join(webRoot, "dist"), "excalidraw/fonts"), { recursive: true });
    },
  };
}

// In development the Codeclass server hosts Vite in middleware mode on its own origin, so
// /trpc and /api/auth are same-origin and no proxy is needed.
export default defineConfig({
  plugins: [react(), precompress(), excalidrawFonts()],
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
      treeshake: {
        // The shared validators are plain declarations (zod schemas, limits): a page that uses one
        // limit need not carry every schema, and zod with them.
        moduleSideEffects: (id) => !id.includes(`${path.sep}packages${path.sep}validators${path.sep}src${path.sep}`),
      },
      output: {
        // React and the router change less often than the app, and every page needs them: one chunk
        // that stays cached across releases. Everything else is split by the routes that use it, so
        // a page downloads only its own components (Mantine's included).
        codeSplitting: {
          groups: [{ name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ }],
        },
      },
    },
  },
});
