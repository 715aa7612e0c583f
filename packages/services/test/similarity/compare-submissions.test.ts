import { describe, expect, test } from "vitest";
import { compareSubmissions } from "../../src/similarity/compare-submissions.ts";

const starter = `import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        // TODO: read the numbers and print their statistics
    }
}
`;

const ada = `import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int n = in.nextInt();
        long total = 0;
        int largest = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            int value = in.nextInt();
            total += value;
            if (value > largest) {
                largest = value;
            }
        }
        System.out.println("sum " + total);
        System.out.println("max " + largest);
        System.out.println("mean " + (double) total / n);
    }
}
`;

// Ada's program with names changed and a comment added: a copy.
const bob = ada
  .replaceAll("total", "acc")
  .replaceAll("largest", "best")
  .replaceAll("value", "x")
  .replace("int n = in.nextInt();", "int n = in.nextInt(); // how many");

// The same task written another way.
const cyd = `import java.util.*;

public class Main {
    static int max(List<Integer> xs) { return Collections.max(xs); }
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        List<Integer> xs = new ArrayList<>();
        int count = in.nextInt();
        while (count-- > 0) xs.add(in.nextInt());
        int s = xs.stream().mapToInt(Integer::intValue).sum();
        System.out.printf("sum %d%nmax %d%nmean %f%n", s, max(xs), s / (double) xs.size());
    }
}
`;

describe("compareSubmissions (Dolos)", () => {
  test("the copied pair ranks first, far above the independent ones, with fragments in both students' files", async () => {
    const { pairs } = await compareSubmissions({
      language: "java",
      submissions: [
        { studentId: "ada", files: [{ path: "Main.java", content: ada }] },
        { studentId: "bob", files: [{ path: "Main.java", content: bob }] },
        { studentId: "cyd", files: [{ path: "Main.java", content: cyd }] },
      ],
      starterFiles: [{ path: "Main.java", content: starter }],
    });
    expect(pairs).toHaveLength(3);
    expect([pairs[0]!.left, pairs[0]!.right].sort()).toEqual(["ada", "bob"]);
    expect(pairs[0]!.similarity).toBeGreaterThan(0.8);
    expect(pairs[1]!.similarity).toBeLessThan(pairs[0]!.similarity - 0.3);
    const fragment = pairs[0]!.fragments[0]!;
    expect(fragment.kgrams).toBeGreaterThan(5);
    expect(fragment.left[0]).toMatchObject({ path: "Main.java", startLine: expect.any(Number), endLine: expect.any(Number) });
    // The loop of the program is inside the longest fragment, on both sides.
    const loopLine = ada.split("\n").findIndex((l) => l.includes("for (int i")) + 1;
    expect(fragment.left[0]!.startLine).toBeLessThanOrEqual(loopLine);
    expect(fragment.left[0]!.endLine).toBeGreaterThanOrEqual(loopLine);
  });

  test("starter code shared by everyone does not make two otherwise different submissions similar", async () => {
    const onlyStarter = (extra: string) => starter.replace("// TODO: read the numbers and print their statistics", extra);
    const submissions = [
      { studentId: "a", files: [{ path: "Main.java", content: onlyStarter('System.out.println("a");') }] },
      { studentId: "b", files: [{ path: "Main.java", content: onlyStarter("int k = in.nextInt(); while (k > 0) { k--; }") }] },
    ];
    const without = await compareSubmissions({ language: "java", submissions });
    const withStarter = await compareSubmissions({
      language: "java",
      submissions,
      starterFiles: [{ path: "Main.java", content: starter }],
    });
    expect(withStarter.pairs[0]!.similarity).toBeLessThan(without.pairs[0]!.similarity);
    expect(withStarter.pairs[0]!.similarity).toBeLessThan(0.2);
  });

  test("several files per student are compared as one; a fragment names the file it is in, lines counted in that file", async () => {
    const helper = "def mean(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total / len(xs)\n";
    const main = "from helper import mean\nprint(mean([int(t) for t in input().split()]))\n";
    const { pairs } = await compareSubmissions({
      language: "python",
      submissions: [
        {
          studentId: "p",
          files: [
            { path: "main.py", content: main },
            { path: "helper.py", content: helper },
          ],
        },
        { studentId: "q", files: [{ path: "solution.py", content: `${helper}\n${main}` }] },
      ],
    });
    expect(pairs).toHaveLength(1);
    const ranges = pairs[0]!.fragments.flatMap((f) => [...f.left, ...f.right]);
    expect(ranges.some((r) => r.path === "helper.py" && r.startLine >= 1 && r.endLine <= 5)).toBe(true);
    expect(ranges.some((r) => r.path === "solution.py")).toBe(true);
  });

  test("fewer than two submissions give no pairs; a bad input names its field", async () => {
    expect(
      await compareSubmissions({ language: "c", submissions: [{ studentId: "x", files: [{ path: "a.c", content: "int main(){}" }] }] }),
    ).toEqual({ pairs: [], warnings: [] });
    await expect(compareSubmissions({ language: "cobol" as "c", submissions: [] })).rejects.toThrow(/language/);
  });
});
