import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { precacheWorker } from "./src/lib/precacheWorker.ts";

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

/**
 * The pages whose code the service worker precaches, with everything they import (statically, and
 * what they load later such as Monaco's grammars and xterm): the first pages of a visit and the
 * heavy ones (Monaco). The rest of the app (admin pages, the whiteboard, video…) stays with the
 * HTTP cache, so installing the worker costs a visitor little.
 */
const precachedPages =
  /[\\/]src[\\/](main\.tsx|pages[\\/](SignInPage|MyCoursesPage|CoursePage|WorkspacePage|RunPage)\.tsx|components[\\/](shell[\\/]AppLayout|collab[\\/](CollabEditor|useCollab))\.tsx?)$/;
/** Larger files are left to the HTTP cache: the TypeScript worker (7 MB) serves only .js/.ts files. */
const precacheMaxBytes = 4 * 1024 * 1024;

/**
 * Writes `/sw.js`: the service worker of `src/lib/precacheWorker.ts` with this build's hashed
 * files to precache (`precachedPages`' scripts, styles and fonts) and a build id from their names
 * (a new release, a new worker and cache). The page registers it (`registerPrecacheWorker`).
 */
function precacheServiceWorker(): Plugin {
  return {
    name: "codeclass:precache-service-worker",
    apply: "build",
    generateBundle(_options, bundle) {
      const files = new Set<string>();
      const seen = new Set<string>();
      const add = (fileName: string) => {
        const item = bundle[fileName];
        if (!item || seen.has(fileName)) return;
        seen.add(fileName);
        const size = item.type === "chunk" ? Buffer.byteLength(item.code) : item.source.length;
        if (size <= precacheMaxBytes) files.add(`/${fileName}`);
        if (item.type !== "chunk") return;
        for (const name of item.imports) add(name);
        // What they load later from libraries (Monaco's grammars, xterm), but not other pages of the app.
        for (const name of item.dynamicImports) {
          const target = bundle[name];
          if (target?.type === "chunk" && target.facadeModuleId?.includes(`${path.sep}node_modules${path.sep}`)) add(name);
        }
        for (const name of [...(item.viteMetadata?.importedCss ?? []), ...(item.viteMetadata?.importedAssets ?? [])]) add(name);
      };
      for (const item of Object.values(bundle))
        if (item.type === "chunk" && item.facadeModuleId && precachedPages.test(item.facadeModuleId)) add(item.fileName);
      const list = [...files].filter((f) => f.startsWith("/assets/") && /\.(js|css|ttf|woff2?)$/.test(f)).sort();
      const build = createHash("sha256").update(list.join("\n")).digest("hex").slice(0, 16);
      this.emitFile({
        type: "asset",
        fileName: "sw.js",
        source: `"use strict";\n(${precacheWorker.toString()})(self, ${JSON.stringify(build)}, ${JSON.stringify(list)});\n`,
      });
    },
  };
}

// In development the Codeclass server hosts Vite in middleware mode on its own origin, so
// /trpc and /api/auth are same-origin and no proxy is needed.
export default defineConfig({
  plugins: [react(), precacheServiceWorker(), precompress(), excalidrawFonts()],
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
