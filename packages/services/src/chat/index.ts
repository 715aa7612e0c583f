export { delete } from "./delete.ts";
export { type ChatHistory, history } from "./history.ts";
export { type ChatMessage, publicMessage } from "./public-message.ts";
export { chatEventsPage, readEvents } from "./read-events.ts";
export { send } from "./send.ts";
