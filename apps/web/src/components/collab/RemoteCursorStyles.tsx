import type { Peer } from "./presence.ts";

/** Text safe inside a CSS string: no quotes, backslashes or control characters. */
function cssText(text: string): string {
  let out = "";
  for (const ch of text.slice(0, 40)) out += ch === "\\" || ch === '"' || ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? " " : ch;
  return out;
}

/** Per-client colours and name labels for y-monaco's `.yRemoteSelection-<clientId>` classes. */
export function RemoteCursorStyles({ peers }: { peers: readonly Peer[] }) {
  const rules = peers
    .filter((p) => !p.local && /^#[0-9a-f]{6}$/i.test(p.state.user.color))
    .map(({ clientId: id, state: { user } }) => {
      const c = user.color;
      return [
        `.yRemoteSelection-${id}{background-color:${c}33}`,
        `.yRemoteSelectionHead-${id}{border-left-color:${c}}`,
        `.yRemoteSelectionHead-${id}::after{background:${c};content:"${cssText(user.name)}"}`,
      ].join("");
    })
    .join("\n");
  return <style>{rules}</style>;
}
