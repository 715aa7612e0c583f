import { Anchor } from "@mantine/core";
import { splitLinks } from "./chat-links.ts";

/**
 * A chat message's text as plain text (React escapes it; no HTML is ever interpreted), with
 * http and https addresses made into links that open in a new tab without access to this page.
 */
export function ChatText({ text }: { text: string }) {
  let at = 0;
  return (
    <>
      {splitLinks(text).map((piece) => {
        const key = at;
        at += piece.text.length;
        return piece.href ? (
          <Anchor key={key} href={piece.href} target="_blank" rel="noopener noreferrer" style={{ wordBreak: "break-all" }}>
            {piece.text}
          </Anchor>
        ) : (
          <span key={key}>{piece.text}</span>
        );
      })}
    </>
  );
}
