import { FileNameModal } from "./FileNameModal.tsx";

export interface FileNameDialogsProps {
  /** Which dialog is open: "New file", "Rename", or none. */
  open: "add" | "rename" | null;
  onClose: () => void;
  /** Suggested name for a new file. */
  suggested: string;
  /** Every current path (a new name may not clash with them). */
  paths: readonly string[];
  /** The file a rename applies to. */
  activePath: string | null;
  hint: string;
  onAdd: (path: string) => void;
  /** Called only when the name really changes. */
  onRename: (from: string, to: string) => void;
}

/** The "New file" and "Rename" dialogs a file list opens (run page tabs and the workspace's file list). */
export function FileNameDialogs({ open, onClose, suggested, paths, activePath, hint, onAdd, onRename }: FileNameDialogsProps) {
  return (
    <>
      <FileNameModal
        opened={open === "add"}
        title="New file"
        submitLabel="Add file"
        initialName={suggested}
        otherPaths={paths}
        hint={hint}
        onClose={onClose}
        onSubmit={(path) => {
          onAdd(path);
          onClose();
        }}
      />
      <FileNameModal
        opened={open === "rename"}
        title={`Rename ${activePath}`}
        submitLabel="Rename"
        initialName={activePath ?? ""}
        otherPaths={paths.filter((p) => p !== activePath)}
        hint={hint}
        onClose={onClose}
        onSubmit={(path) => {
          if (activePath && path !== activePath) onRename(activePath, path);
          onClose();
        }}
      />
    </>
  );
}
