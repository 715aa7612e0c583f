export { type ApiDeps, actorFromUser, type Context, createContext } from "./context.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";
