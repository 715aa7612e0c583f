import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../trpc.ts";

/** The sandbox's languages as the run page names them ("Python 3"), and a lookup that falls back to the id. */
export function useLanguageNames() {
  const trpc = useTRPC();
  const languages = useQuery(trpc.run.languages.queryOptions());
  const list = languages.data?.languages ?? [];
  return { list, name: (id: string) => list.find((l) => l.id === id)?.name ?? id };
}
