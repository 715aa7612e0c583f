import { Avatar, Group, Indicator, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { useNow } from "../../hooks/useNow.ts";
import { isTyping, type Peer } from "./presence.ts";

export interface PresenceListProps {
  peers: readonly Peer[];
  /** The client followed (follow mode), if any. */
  following?: number | null;
  /** Offered on other people's avatars: start or stop following them. */
  onFollow?: (clientId: number | null) => void;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase();
}

/** Who is in the workspace: an avatar per person in their cursor colour, a dot while they type. */
export function PresenceList({ peers, following = null, onFollow }: PresenceListProps) {
  // Re-rendered every second so "typing" ends 3 s after the last keystroke.
  const now = useNow(1_000);
  // Names beside the avatars while they fit; a crowd shows initials (names in the tooltips).
  const showNames = peers.length <= 4;
  return (
    <Group gap={6} component="ul" aria-label="People in this workspace" wrap="wrap" m={0} p={0} style={{ listStyle: "none" }}>
      {peers.map((p) => {
        const { user, file } = p.state;
        const typing = isTyping(p.state, now);
        const where = file ? ` in ${file}` : "";
        const label = `${user.name}${p.local ? " (you)" : ""}${typing ? ", typing" : ""}${where}`;
        const avatar = (
          <Group gap={4} wrap="nowrap">
            <Indicator disabled={!typing} color="green" size={9} offset={3} processing>
              <Avatar
                color={user.color}
                variant="filled"
                radius="xl"
                size="sm"
                style={{ outline: following === p.clientId ? `2px solid ${user.color}` : undefined, outlineOffset: 2 }}
              >
                {initials(user.name)}
              </Avatar>
            </Indicator>
            {showNames ? (
              <Text size="xs" maw={110} truncate aria-hidden>
                {p.local ? "You" : (user.name.split(/\s+/)[0] ?? user.name)}
              </Text>
            ) : null}
          </Group>
        );
        return (
          <Tooltip
            key={p.clientId}
            label={onFollow && !p.local ? `${label}. Click to ${following === p.clientId ? "stop following" : "follow"}.` : label}
            withArrow
          >
            <li aria-label={label}>
              {onFollow && !p.local ? (
                <UnstyledButton
                  aria-pressed={following === p.clientId}
                  aria-label={`${following === p.clientId ? "Stop following" : "Follow"} ${user.name}`}
                  onClick={() => onFollow(following === p.clientId ? null : p.clientId)}
                >
                  {avatar}
                </UnstyledButton>
              ) : (
                avatar
              )}
            </li>
          </Tooltip>
        );
      })}
      {peers.length <= 1 ? (
        <Text component="li" size="xs" c="dimmed">
          Only you here
        </Text>
      ) : null}
    </Group>
  );
}
