import {
  appendToWorkspaceFile,
  callerFor,
  editWorkspace,
  enroll,
  makeCourse,
  makeUser,
  type UserRow,
  useTestDatabase,
} from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { rejection } from "./helpers.ts";

const t = useTestDatabase();
let instructor: UserRow;
let ta: UserRow;
let ada: UserRow;
let ben: UserRow;
let cy: UserRow;
let courseId: string;

beforeAll(async () => {
  instructor = await makeUser(t.db, { role: "instructor", name: "Ivy Instructor" });
  ta = await makeUser(t.db, { name: "Tom TA" });
  courseId = (await makeCourse(t.db, instructor)).id;
  await enroll(t.db, courseId, ta.id, "ta");
  ada = await makeUser(t.db, { name: "Ada Student" });
  ben = await makeUser(t.db, { name: "Ben Student" });
  cy = await makeUser(t.db, { name: "Cy Student" });
  for (const s of [ada, ben, cy]) await enroll(t.db, courseId, s.id, "student");
});

/** Every student starts from this: it must not make everyone look alike. */
const starter = [
  "import sys",
  "",
  "def read_numbers():",
  "    data = sys.stdin.read().split()",
  "    count = int(data[0])",
  "    return [int(x) for x in data[1:count + 1]]",
  "",
  "def show(values):",
  "    for v in values:",
  "        print(v)",
  "",
].join("\n");
const original = `${starter}
def bubble(values):
    items = list(values)
    for i in range(len(items)):
        for j in range(len(items) - 1 - i):
            if items[j] > items[j + 1]:
                items[j], items[j + 1] = items[j + 1], items[j]
    return items

def running_total(values):
    total = 0
    out = []
    for v in values:
        total += v
        out.append(total)
    return out

show(running_total(bubble(read_numbers())))
`;
/** Ben's: Ada's with the names changed (what renaming plagiarism looks like). */
const renamed = original
  .replaceAll("bubble", "sort_them")
  .replaceAll("items", "arr")
  .replaceAll("running_total", "prefix_sums")
  .replaceAll("total", "acc");
/** Cy's own: a different algorithm. */
const independent = `${starter}
def prefix(values):
    import itertools
    return list(itertools.accumulate(sorted(values)))

nums = read_numbers()
if nums:
    show(prefix(nums))
else:
    print("nothing")
`;

async function submit(student: UserRow, assignmentId: string, content: string, at?: Date) {
  const ws = await callerFor(t.db, student).assignment.workspace({ assignmentId });
  await editWorkspace(t.db, ws.id, student.id, [{ path: "main.py", content }], "python", at);
  return callerFor(t.db, student).assignment.submit({ assignmentId });
}

describe("assignment.similarity", () => {
  test("ranks pairs of final submissions, the renamed copy first, with fragments, both students' files and their edit evidence; the starter does not count", async () => {
    const staff = callerFor(t.db, instructor);
    const { id: assignmentId } = await staff.assignment.create({ courseId, title: "Sorted sums", languages: ["python"] });
    const starterJson = JSON.stringify({ files: [{ path: "main.py", content: starter }], language: "python", entry: "main.py" });
    await t.sql`update assignments set starter = ${starterJson}::jsonb where id = ${assignmentId}`;
    await submit(ada!, assignmentId, "print('first try')\n");
    // Ada then types her own code a line at a time, 30 s a line (the log's times are set); Ben pastes his at once, two hours later.
    const adaWs = await callerFor(t.db, ada!).assignment.workspace({ assignmentId });
    await editWorkspace(t.db, adaWs.id, ada!.id, [{ path: "main.py", content: starter }]);
    const typedFrom = Date.now() + 60_000;
    const ownLines = original.slice(starter.length).split(/(?<=\n)/);
    for (const [i, line] of ownLines.entries())
      await appendToWorkspaceFile(t.db, adaWs.id, ada!.id, "main.py", line, new Date(typedFrom + i * 30_000));
    await callerFor(t.db, ada!).assignment.submit({ assignmentId });
    await submit(ben!, assignmentId, renamed, new Date(typedFrom + 2 * 3600_000));
    await submit(cy!, assignmentId, independent);

    const result = await staff.assignment.similarity({ assignmentId, minSimilarity: 0 });
    expect(result.compared).toBe(3);
    expect(result.pairs).toHaveLength(3);
    const [top, ...rest] = result.pairs;
    expect(new Set([top!.left, top!.right])).toEqual(new Set([ada!.id, ben!.id]));
    expect(top!.similarity).toBeGreaterThan(0.6);
    for (const p of rest) expect(p.similarity).toBeLessThan(top!.similarity / 2);
    // The fragments are ranges of the students' own files (their final submissions, not Ada's first try).
    expect(top!.fragments.length).toBeGreaterThan(0);
    const range = top!.fragments[0]!.left[0]!;
    expect(range.path).toBe("main.py");
    const adaSide = result.students[top!.left]!;
    expect(adaSide.files[0]!.content).toBe(top!.left === ada!.id ? original : renamed);
    // The starter was left out: no match lies within it (a match may begin a few tokens before its
    // end, as a fingerprint spans several lines), every one ends in the students' own code.
    const starterLines = starter.split("\n").length - 1;
    for (const f of top!.fragments)
      for (const r of [...f.left, ...f.right]) {
        expect(r.endLine).toBeGreaterThan(starterLines);
        expect(r.startLine).toBeGreaterThan(starterLines - 4);
      }
    // The edit log beside each student: their own edits (one write each here, by the test's editor).
    expect(result.students[ben!.id]).toMatchObject({ name: "Ben Student", language: "python" });
    expect(result.students[ben!.id]!.evidence).toMatchObject({ ownerId: ben!.id });
    expect(result.students[ben!.id]!.evidence!.insertedChars).toBeGreaterThan(renamed.length - starter.length - 5);

    // Per fragment, how it came to be in each student's code: Ada's was typed over minutes, Ben's arrived in one paste after hers.
    const longest = [...top!.fragments].sort((a, b) => b.kgrams - a.kgrams)[0]!;
    const adaOrigin = longest.origin[top!.left === ada!.id ? "left" : "right"]!;
    const benOrigin = longest.origin[top!.left === ada!.id ? "right" : "left"]!;
    expect(adaOrigin.paste).toBeNull();
    expect(adaOrigin.updates).toBeGreaterThanOrEqual(5);
    expect(adaOrigin.completeAt.getTime() - adaOrigin.startedAt.getTime()).toBeGreaterThanOrEqual(4 * 30_000);
    expect(adaOrigin.completeAt.getTime()).toBeLessThan(typedFrom + 3600_000);
    expect(benOrigin.largestShare).toBeGreaterThanOrEqual(0.8);
    expect(benOrigin.paste).toMatchObject({ source: "edit", byOwner: true });
    expect(benOrigin.paste!.chars).toBeGreaterThanOrEqual(200);
    expect(benOrigin.completeAt.getTime()).toBeGreaterThan(adaOrigin.completeAt.getTime() + 3600_000);
    // Cy submitted without typing here either, but in one write of his own: his side of any pair says so too.
    for (const p of rest) expect(p.fragments.every((f) => f.origin.left !== null && f.origin.right !== null)).toBe(true);

    // A threshold leaves out the independent pairs; a TA may look too.
    const strict = await callerFor(t.db, ta).assignment.similarity({ assignmentId, minSimilarity: 0.5 });
    expect(strict.pairs).toHaveLength(1);
    expect(Object.keys(strict.students).sort()).toEqual([ada!.id, ben!.id].sort());
  });

  test("students may not compare; bad input names the field and the limit", async () => {
    const { id: assignmentId } = await callerFor(t.db, instructor).assignment.create({ courseId, title: "Echo", languages: ["python"] });
    expect((await rejection(callerFor(t.db, ada!).assignment.similarity({ assignmentId }))).code).toBe("FORBIDDEN");
    expect((await rejection(callerFor(t.db, instructor).assignment.similarity({ assignmentId, maxPairs: 501 }))).message).toMatch(
      /maxPairs.*500/,
    );
    expect((await rejection(callerFor(t.db, instructor).assignment.similarity({ assignmentId, minSimilarity: 2 }))).message).toMatch(
      /minSimilarity/,
    );
    expect(await callerFor(t.db, instructor).assignment.similarity({ assignmentId })).toEqual({
      compared: 0,
      pairs: [],
      students: {},
      warnings: [],
    });
  });
});
