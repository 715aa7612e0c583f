/**
 * The service worker (`/sw.js`, written by the build: see `precacheServiceWorker` in vite.config.ts)
 * and its registration.
 *
 * What it does, and only this: at install it puts the build's hashed files (`/assets/…`: scripts,
 * styles, fonts) into a cache named after the build, and answers requests for them from there.
 * Chrome compiles scripts cached during a service worker's install at once and keeps their code
 * cache, so even the second visit skips parsing and compiling Monaco and the app; without it, that
 * happens only from the third visit on.
 *
 * Nothing else goes through it: pages (navigations), /trpc, /api, /collab and any other request go
 * to the network as if there were no worker (Chrome's static routes; the fetch handler ignores
 * them too where those are missing), so a release's HTML is never served stale. A release changes
 * `/sw.js` (the file list), the browser installs the new worker, which takes over at once and
 * deletes the previous build's cache. Hashed names never change content, so a cached file is never
 * stale either; a file missing from the cache is fetched as usual.
 */

/** The parts of the service worker global scope used below (the app's types have no WebWorker lib). */
interface WorkerScope {
  location: Location;
  registration: { scope: string };
  caches: CacheStorage;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  fetch: typeof fetch;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchLikeEvent) => void): void;
}
interface ExtendableEvent {
  waitUntil(promise: Promise<unknown>): void;
  /** Chrome's static routing API: requests matched here skip the worker entirely. */
  addRoutes?(routes: unknown[]): Promise<void>;
}
interface FetchLikeEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}

/**
 * The worker's whole code. The build writes it into `/sw.js` with `Function.prototype.toString`,
 * called with the build's id and file list, so it must not refer to anything outside itself.
 */
export function precacheWorker(scope: WorkerScope, build: string, files: readonly string[]) {
  const prefix = "codeclass-assets-";
  const cacheName = prefix + build;
  const isAsset = (url: URL) => url.origin === scope.location.origin && url.pathname.startsWith("/assets/");

  scope.addEventListener("install", (event) => {
    // Pages, the API, the collaboration socket: straight to the network, the worker not even started.
    // Assets go to the fetch handler below (cache first). Older Chrome and other browsers lack the
    // routes; the fetch handler then passes those requests on untouched.
    if (event.addRoutes)
      event
        .addRoutes([
          { condition: { urlPattern: "/assets/*" }, source: "fetch-event" },
          { condition: { urlPattern: "/*" }, source: "network" },
        ])
        .catch(() => {});
    event.waitUntil(
      scope.caches
        .open(cacheName)
        .then(async (cache) => {
          const have = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
          // One by one would be slow; all at once would compete with the page: a few at a time.
          const missing = files.filter((f) => !have.has(f));
          for (let i = 0; i < missing.length; i += 6) await cache.addAll(missing.slice(i, i + 6));
        })
        .then(() => scope.skipWaiting()),
    );
  });

  scope.addEventListener("activate", (event) => {
    event.waitUntil(
      scope.caches
        .keys()
        .then((names) => Promise.all(names.filter((n) => n.startsWith(prefix) && n !== cacheName).map((n) => scope.caches.delete(n))))
        .then(() => scope.clients.claim()),
    );
  });

  scope.addEventListener("fetch", (event) => {
    const { request } = event;
    if (request.method !== "GET" || request.mode === "navigate") return;
    if (!isAsset(new URL(request.url))) return;
    event.respondWith(
      scope.caches
        .open(cacheName)
        .then((cache) => cache.match(request, { ignoreVary: true }))
        .then((hit) => hit ?? scope.fetch(request)),
    );
  });
}

/** How long after the page has loaded the worker is registered, ms. */
const registerAfterMs = 10_000;

/**
 * Registers `/sw.js` some seconds after the page has loaded, when the browser is idle. Installing
 * fetches the build's files (1.4 MB); begun at load, it took the bandwidth and CPU the first visit
 * needs for Monaco (on a 10 Mbit/s link the editor was ready 0.7 s later). It serves the next visit,
 * so it can wait. Production builds only: in development Vite serves unhashed modules that must
 * never be cached.
 */
export function registerPrecacheWorker() {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  const register = () =>
    void navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" }).catch(() => {
      // No worker (private mode, a blocked registration): the app works the same, just without the cache.
    });
  const later = () =>
    setTimeout(() => (window.requestIdleCallback ? window.requestIdleCallback(register, { timeout: 5000 }) : register()), registerAfterMs);
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later, { once: true });
}
