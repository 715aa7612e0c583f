/**
 * Runs `round` every `everyMs` without holding the process open, never two rounds at once (a
 * round slower than the interval skips the ticks it overlaps). Returns the function that stops it.
 */
export function repeatEvery(everyMs: number, round: () => Promise<void>): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void round().finally(() => {
      running = false;
    });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
