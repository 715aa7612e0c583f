import type { AppRouter } from "@codeclass/api";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Api = TRPCOptionsProxy<AppRouter>;

/** A session as `session.list` returns it. */
export type SessionSummary = inferOutput<Api["session"]["list"]>[number];
/** A session page's data: the session, its course and the reader's standing. */
export type SessionDetail = inferOutput<Api["session"]["get"]>;
/** What `live.join` answers: the LiveKit URL, the token and what it may publish. */
export type JoinGrant = inferOutput<Api["live"]["join"]>;
/** A chat message as `chat.history` and `chat.events` carry it. */
export type ChatMessage = inferOutput<Api["chat"]["history"]>["messages"][number];
/** The hand queue as the reader sees it (`hands.state`). */
export type HandsView = inferOutput<Api["hands"]["state"]>;
/** The session's breakouts as the reader sees them (`breakouts.state`, `breakouts.events`). */
export type BreakoutsView = inferOutput<Api["breakouts"]["state"]>;
/** One breakout group as the reader sees it. */
export type BreakoutGroup = NonNullable<BreakoutsView["breakout"]>["groups"][number];
