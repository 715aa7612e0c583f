/**
 * Monaco as Codeclass uses it, instead of the package's entry (`monaco-editor`), which registers
 * about 80 languages, the CSS, HTML and JSON services, an LSP client, the diff editor and every
 * editor feature: 2.7 MB of script to parse before the first keystroke. This keeps the editor API,
 * the grammars of the languages Codeclass runs, the
 * TypeScript service for .js/.ts, and the features an IDE user reaches for. A feature left out
 * here is one import away.
 */
export * from "monaco-editor/editor/editor.api.js";
export * as typescript from "monaco-editor/languages/features/typescript/register.js";

// Highlighting and indentation rules, each loaded on the first file of its language.
import "monaco-editor/languages/definitions/python/register.js";
import "monaco-editor/languages/definitions/cpp/register.js";
import "monaco-editor/languages/definitions/java/register.js";
import "monaco-editor/languages/definitions/go/register.js";
import "monaco-editor/languages/definitions/javascript/register.js";
import "monaco-editor/languages/definitions/typescript/register.js";

// Editing.
import "monaco-editor/features/codeEditor/register.js";
import "monaco-editor/features/codicon/register.js";
import "monaco-editor/features/bracketMatching/register.js";
import "monaco-editor/features/caretOperations/register.js";
import "monaco-editor/features/clipboard/register.js";
import "monaco-editor/features/comment/register.js";
import "monaco-editor/features/contextmenu/register.js";
import "monaco-editor/features/cursorUndo/register.js";
import "monaco-editor/features/dnd/register.js";
import "monaco-editor/features/indentation/register.js";
import "monaco-editor/features/lineSelection/register.js";
import "monaco-editor/features/linesOperations/register.js";
import "monaco-editor/features/multicursor/register.js";
import "monaco-editor/features/smartSelect/register.js";
import "monaco-editor/features/wordOperations/register.js";
import "monaco-editor/features/wordPartOperations/register.js";
import "monaco-editor/features/toggleTabFocusMode/register.js";
import "monaco-editor/features/readOnlyMessage/register.js";
import "monaco-editor/features/unicodeHighlighter/register.js";
import "monaco-editor/features/unusualLineTerminators/register.js";
import "monaco-editor/features/iPadShowKeyboard/register.js";
// Finding and moving around.
import "monaco-editor/features/find/register.js";
import "monaco-editor/features/folding/register.js";
import "monaco-editor/features/gotoLine/register.js";
import "monaco-editor/features/gotoError/register.js";
import "monaco-editor/features/wordHighlighter/register.js";
import "monaco-editor/features/links/register.js";
// Language help (TypeScript and JavaScript; the other languages are checked by the run).
import "monaco-editor/features/hover/register.js";
import "monaco-editor/features/suggest/register.js";
import "monaco-editor/features/snippet/register.js";
import "monaco-editor/features/parameterHints/register.js";
import "monaco-editor/features/format/register.js";
import "monaco-editor/features/gotoSymbol/register.js";
import "monaco-editor/features/rename/register.js";
import "monaco-editor/features/codeAction/register.js";
