export { lower } from "./lower.ts";
export { lowerAll } from "./lower-all.ts";
export { lowerFor } from "./lower-for.ts";
export { raise } from "./raise.ts";
export { type HandsState, openHands, type RaisedHand, state, viewOf } from "./state.ts";
