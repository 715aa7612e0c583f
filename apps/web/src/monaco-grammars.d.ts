// Monaco's per-language grammar modules (monaco-editor/esm/vs/languages/definitions/<id>/<id>.js)
// ship without type declarations; the app only imports them to fetch them early.
declare module "monaco-editor/languages/definitions/*";
