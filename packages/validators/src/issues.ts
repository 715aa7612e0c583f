import type { z } from "zod";

/** Human sentences for zod issues: "title: title is too long: the limit is 200 characters". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.join(".");
      return path && !i.message.startsWith(String(i.path[i.path.length - 1])) ? `${path}: ${i.message}` : i.message;
    })
    .join("; ");
}
