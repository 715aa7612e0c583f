import { api } from "../api.ts";

export const workspaceQueries = (courseId: string) => ({
  course: api.options.course.get.queryOptions({ courseId }),
  languages: api.options.run.languages.queryOptions(),
  mine: api.options.workspace.getOrCreate.queryOptions({ courseId }, { staleTime: Number.POSITIVE_INFINITY }),
  demo: api.options.workspace.getOrCreateDemo.queryOptions({ courseId }, { staleTime: Number.POSITIVE_INFINITY }),
});

/**
 * Everything the workspace waits for, started as soon as the route is matched (its loader) rather
 * than when the page first renders: the queries (in one batch), the editor's code, and the
 * document's sync once its name is known. The page then finds them under way or done. Nothing is
 * awaited: a failure shows on the page as before.
 */
export function prefetchWorkspace(courseId: string) {
  const q = workspaceQueries(courseId);
  void import("../components/collab/CollabEditor.tsx");
  const connections = import("../components/collab/useCollab.ts");
  void api.queryClient.prefetchQuery(q.course);
  void api.queryClient.prefetchQuery(q.languages);
  void api.queryClient.prefetchQuery(q.demo);
  // Who the reader is, for their cursor and name in the document (usePresenceMe).
  void api.queryClient.prefetchQuery(api.options.me.get.queryOptions());
  api.queryClient.fetchQuery(q.mine).then(
    async (mine) => (await connections).preopenConnection(mine.documentName),
    () => {},
  );
}
