import type { Comment } from "@codeclass/workspace-doc";
import { Button, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useRef, useState } from "react";

/**
 * New comments by others while the workspace is open: a notification with "Show" (opens the file
 * at the line) and an unread count until the reader opens the comments. Comments already there
 * when the document loaded are not new.
 */
export function useCommentNotices(comments: readonly Comment[], loaded: boolean, meId: string, onShow: (c: Comment) => void) {
  const seen = useRef<Set<string> | null>(null);
  const [unread, setUnread] = useState(0);
  const onShowRef = useRef(onShow);
  onShowRef.current = onShow;
  useEffect(() => {
    if (!loaded) return;
    if (!seen.current) {
      seen.current = new Set(comments.map((c) => c.id));
      return;
    }
    const known = seen.current;
    const fresh = comments.filter((c) => !known.has(c.id));
    for (const c of fresh) known.add(c.id);
    const others = fresh.filter((c) => c.authorId !== meId && !c.resolved);
    if (others.length === 0) return;
    setUnread((n) => n + others.length);
    for (const c of others) {
      const id = `comment-${c.id}`;
      notifications.show({
        id,
        title: `${c.authorName} commented on ${c.file} line ${c.line}`,
        message: (
          <>
            <Text size="sm" lineClamp={3}>
              {c.text}
            </Text>
            <Button
              size="compact-xs"
              mt={4}
              variant="light"
              onClick={() => {
                notifications.hide(id);
                onShowRef.current(c);
              }}
            >
              Show
            </Button>
          </>
        ),
        autoClose: 15_000,
      });
    }
  }, [comments, loaded, meId]);
  return { unread, markRead: () => setUnread(0) };
}
