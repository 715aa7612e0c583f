/** The speeds the player offers: steps per second at 1× is `stepsPerSecond`. */
export const playerSpeeds = [1, 2, 4, 8, 16] as const;
export type PlayerSpeed = (typeof playerSpeeds)[number];

/** Steps shown per second at 1×. */
export const stepsPerSecond = 4;

/** The history player: which step is shown, whether it plays, how fast. */
export interface PlayerState {
  /** The step shown; null follows the newest step (also while pages of the log arrive). */
  index: number | null;
  playing: boolean;
  speed: PlayerSpeed;
}

export type PlayerAction =
  | { type: "toggle" }
  | { type: "play" }
  | { type: "pause" }
  /** The scrubber moved: show that step (playing goes on from there). */
  | { type: "seek"; index: number }
  /** One step back or forward (pauses, as stepping frames does). */
  | { type: "step"; by: number }
  /** The playback timer: the next step; at the last one, stop. */
  | { type: "tick" }
  | { type: "speed"; speed: PlayerSpeed }
  /** The previous or next large paste among `large` (step indexes, ascending); pauses. */
  | { type: "paste"; dir: 1 | -1; large: readonly number[] }
  | { type: "first" }
  | { type: "last" };

export const initialPlayer: PlayerState = { index: null, playing: false, speed: 1 };

/** The step shown, given the log's length (-1 when the log is empty). */
export function shownIndex(state: PlayerState, length: number): number {
  const last = length - 1;
  return state.index === null ? last : Math.max(Math.min(state.index, last), Math.min(0, last));
}

/** Milliseconds between two steps while playing. */
export function tickMs(speed: PlayerSpeed): number {
  return 1000 / (stepsPerSecond * speed);
}

/** The player's next state; `length` is how many steps the log has now. Pure, for the tests. */
export function playerReducer(state: PlayerState, action: PlayerAction, length: number): PlayerState {
  const last = length - 1;
  const at = shownIndex(state, length);
  const clamp = (i: number) => Math.max(0, Math.min(last, i));
  if (length === 0) return { ...state, playing: false, ...(action.type === "speed" ? { speed: action.speed } : {}) };
  switch (action.type) {
    case "play":
      // Playing from the newest step starts again at the first, as a video does at its end.
      return { ...state, playing: true, index: at >= last ? 0 : at };
    case "pause":
      return { ...state, playing: false, index: at };
    case "toggle":
      return playerReducer(state, { type: state.playing ? "pause" : "play" }, length);
    case "seek":
      return { ...state, index: clamp(action.index) };
    case "step":
      return { ...state, playing: false, index: clamp(at + action.by) };
    case "tick": {
      if (!state.playing) return state;
      const next = clamp(at + 1);
      return { ...state, index: next, playing: next < last };
    }
    case "speed":
      return { ...state, speed: action.speed };
    case "paste": {
      const target = action.dir === 1 ? action.large.find((i) => i > at) : action.large.findLast((i) => i < at);
      return target === undefined ? state : { ...state, playing: false, index: target };
    }
    case "first":
      return { ...state, playing: false, index: 0 };
    case "last":
      return { ...state, playing: false, index: null };
  }
}
