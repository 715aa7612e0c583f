import { useDocumentTitle } from "@mantine/hooks";

/** Sets the browser tab's title to "<title> · Codeclass". */
export function usePageTitle(title: string | undefined) {
  useDocumentTitle(title ? `${title} · Codeclass` : "Codeclass");
}
