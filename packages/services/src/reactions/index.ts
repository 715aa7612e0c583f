export { type Reaction, send } from "./send.ts";
