import { useMemo } from "react";
import { useMe } from "../../hooks/useMe.ts";
import { colorFor, type PresenceUser } from "./presence.ts";

/** The signed-in person as others see them in a workspace (name, colour, course role). */
export function usePresenceMe(courseRole: string | null | undefined): PresenceUser | null {
  const me = useMe();
  const id = me.data?.id;
  const name = me.data?.name;
  return useMemo(
    () => (id ? { id, name: name || "Someone", color: colorFor(id), role: courseRole ?? "member" } : null),
    [id, name, courseRole],
  );
}
