import type { AppRouter } from "@codeclass/api";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Invite = TRPCOptionsProxy<AppRouter>["invite"];

/** A course's join code and invitation link, as its staff see them. */
export type JoinSettings = inferOutput<Invite["settings"]>;
export type JoinSecretView = NonNullable<JoinSettings["code"]>;
/** What pasting a list of addresses did (or, when not committed, which entries are not addresses). */
export type EmailsOutcome = inferOutput<Invite["emails"]>;
/** An instructor's roster check: counts and problems by line. */
export type RosterReport = inferOutput<Invite["importPreview"]>;
/** The course behind a code or link, as the join page shows it. */
export type JoinPreview = inferOutput<Invite["preview"]>;
