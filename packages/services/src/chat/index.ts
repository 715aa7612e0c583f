export { delete } from "./delete.ts";
export { type ChatHistory, history } from "./history.ts";
export { type ChatMessage, publicMessage, visibleTo } from "./public-message.ts";
export { chatEventsPage, readAllEvents, readEvents } from "./read-events.ts";
export { send } from "./send.ts";
