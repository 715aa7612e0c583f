export { answer } from "./answer.ts";
export { close } from "./close.ts";
export { create } from "./create.ts";
export { list } from "./list.ts";
export { pollEventsPage, readEvents } from "./read-events.ts";
export { reveal } from "./reveal.ts";
export type { PollResults, PollView, PollViewer } from "./view.ts";
