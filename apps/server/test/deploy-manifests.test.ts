/**
 * The deployment files (docs/deploy.md) cannot run here (no Kubernetes, no registry images), so
 * they are checked statically: every Kubernetes object against the API's own schemas
 * (kubernetes-models), the Compose file by docker-compose itself, and the promises the docs make.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";
import { describe, expect, test } from "vitest";
import { parseAllDocuments } from "yaml";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const deployDir = path.join(repoRoot, "docs/deploy");
const models: Record<string, new (data: any) => { validate(): void }> = {
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
};

function objects(): any[] {
  const dir = path.join(deployDir, "k8s");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((f) =>
      parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8")).map((d) => {
        if (d.errors.length) throw new Error(`${f}: ${d.errors[0]!.message}`);
        return { file: f, ...d.toJS() };
      }),
    );
}

describe("Kubernetes manifests", () => {
  test("every object is valid against the Kubernetes API schema", () => {
    const all = objects();
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const { file, ...object } of all) {
      const Model = models[`${object.apiVersion}/${object.kind}`];
      expect(Model, `${file}: ${object.apiVersion} ${object.kind} has no schema here`).toBeDefined();
      expect(() => new Model!(object).validate(), `${file}: ${object.kind} ${object.metadata?.name}`).not.toThrow();
    }
  });

  test("a broken object is caught (the check is not a no-op)", () => {
    const [server] = objects().filter((o) => o.kind === "Deployment");
    const broken = structuredClone(server);
    broken.spec.replicas = "two";
    expect(() => new Deployment(broken).validate()).toThrow();
  });

  test("what docs/deploy.md promises: servers without a worker behind probes, workers scaled on the queue, sandboxes off the network", () => {
    const all = objects();
    const deployment = (name: string) => all.find((o) => o.kind === "Deployment" && o.metadata.name === name);
    const server = deployment("codeclass-server").spec.template.spec.containers[0];
    expect(server.env).toContainEqual({ name: "WORKER", value: "false" });
    expect(server.readinessProbe.httpGet.path).toBe("/healthz");
    const worker = deployment("codeclass-worker").spec.template.spec;
    expect(worker.automountServiceAccountToken).toBe(false);
    expect(worker.containers[0].securityContext.capabilities.drop).toEqual(["ALL"]);
    const hpa = all.find((o) => o.kind === "HorizontalPodAutoscaler" && o.spec.scaleTargetRef.name === "codeclass-worker");
    const metric = hpa.spec.metrics[0].external.metric.name;
    // The metric the autoscaler reads is one the server exports.
    expect(fs.readFileSync(path.join(repoRoot, "apps/server/src/metrics.ts"), "utf8")).toContain(`"${metric}"`);
    const sandbox = all.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "codeclass-sandbox-deny-all");
    expect(sandbox.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(sandbox.spec.egress).toEqual([]);
    const workerEgress = all.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "codeclass-worker-egress");
    const ports = workerEgress.spec.egress.flatMap((e: any) => e.ports.map((p: any) => p.port));
    expect(ports.sort((a: number, b: number) => a - b)).toEqual([53, 53, 465, 587, 5432, 6379, 7880, 9000]);
  });
});

test("docker-compose accepts the Compose file, and refuses it without BETTER_AUTH_SECRET", async () => {
  const run = promisify(execFile);
  const file = path.join(deployDir, "docker-compose.yml");
  // CI installs Debian's docker-compose (.ci/run); missing, this fails with ENOENT rather than skipping.
  const ok = await run("docker-compose", ["-f", file, "config"], { env: { ...process.env, BETTER_AUTH_SECRET: "x".repeat(40) } });
  expect(ok.stdout).toContain("server2:");
  expect(ok.stdout).toContain("REDIS_URL: redis://redis:6379");
  const env = { ...process.env };
  delete env.BETTER_AUTH_SECRET;
  await expect(run("docker-compose", ["-f", file, "config", "-q"], { env })).rejects.toThrow(/set BETTER_AUTH_SECRET/);
}, 60_000);
