import type { GlobalRole } from "@codeclass/validators";

/** Who is acting: a signed-in user with a global role. Operator CLI actions use `null`. */
export interface Actor {
  id: string;
  role: GlobalRole;
}

export const isAdmin = (actor: Actor) => actor.role === "admin";
