export { type ApiDeps, actorFromUser, type Context, createContext } from "./context.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";
export type { ChatMessage } from "./router/chat.ts";
export type { HandsState } from "./router/hands.ts";
export type { OfficeHoursState } from "./router/office-hours.ts";
export type { Reaction } from "./router/reactions.ts";
export type { RunStreamEvent } from "./router/run.ts";
export { createRunEventsHub, type RunEventsHub } from "./run-events-hub.ts";
export { VerifiedCredentials, type VerifiedSession } from "./verified-credentials.ts";
