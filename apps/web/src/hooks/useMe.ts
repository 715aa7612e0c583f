import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

/** The signed-in person's profile and global role. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.me.get.queryOptions());
}

/** Global instructors and admins may create courses. */
export function canCreateCourses(role: string | undefined): boolean {
  return role === "admin" || role === "instructor";
}
