import { ErrorState, LoadingState, PageHeader } from "@codeclass/ui";
import type { ReactNode } from "react";
import { useMe } from "../../hooks/useMe.ts";
import { usePageTitle } from "../../hooks/usePageTitle.ts";
import { AdminNav } from "./AdminNav.tsx";

/** An admin page's frame: the admin tabs and the heading, for administrators only (the server refuses others anyway). */
export function AdminFrame({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  usePageTitle(title);
  const me = useMe();
  if (me.isPending) return <LoadingState label="Loading…" />;
  if (me.data?.role !== "admin")
    return <ErrorState title="Only administrators can open this page" message="Ask an administrator if you need something changed here." />;
  return (
    <>
      <AdminNav />
      <PageHeader title={title} description={description} />
      {children}
    </>
  );
}
