import { type GlobalRole, globalRole } from "@codeclass/validators";

/** Who is acting: a signed-in user with a global role. Operator CLI actions use `null`. */
export interface Actor {
  id: string;
  role: GlobalRole;
}

export const isAdmin = (actor: Actor) => actor.role === "admin";

/** The actor for a user row (or session user); an unknown role string falls back to the least privilege. */
export function actorFromUser(user: { id: string; role?: string | null }): Actor {
  const parsed = globalRole.safeParse(user.role);
  return { id: user.id, role: parsed.success ? parsed.data : "student" };
}
