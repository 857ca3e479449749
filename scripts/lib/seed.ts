/**
 * Publishes the shipped integrations (docs-registry/<name>/integration.json and records/) into a
 * running gateway through its admin API (`POST /integrations` with `publish: true`), the same path an
 * admin's import takes. Idempotent: content equal to the newest version adds nothing and, when it is
 * already live, publishes nothing. Used by `npm start`, the e2e stack, the bench and `npm run seed`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const REGISTRY = new URL("../../docs-registry/", import.meta.url).pathname;

/** The shipped integrations in the admin API's registry format, by name. */
export function seedIntegrations(): Array<{
  name: string;
  content: { integration: unknown; records: unknown[] };
}> {
  const names = readdirSync(REGISTRY, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return names.map((name) => {
    const dir = join(REGISTRY, name);
    const files = readdirSync(join(dir, "records"))
      .filter((f) => f.endsWith(".json"))
      .sort();
    return {
      name,
      content: {
        integration: JSON.parse(readFileSync(join(dir, "integration.json"), "utf8")),
        records: files.map((file) => ({
          file,
          record: JSON.parse(readFileSync(join(dir, "records", file), "utf8")),
        })),
      },
    };
  });
}

/** What seeding did to one integration. */
export interface SeedOutcome {
  name: string;
  version: number;
  created: boolean;
  tools: number;
}

/** Publishes every shipped integration into the gateway at `baseUrl`. */
export async function publishSeed(baseUrl: string, adminToken: string): Promise<SeedOutcome[]> {
  const out: SeedOutcome[] = [];
  for (const { name, content } of seedIntegrations()) {
    const res = await fetch(`${baseUrl}/integrations`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ records: content, publish: true }),
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(`publishing ${name}: POST /integrations → ${res.status}: ${text.slice(0, 2000)}`);
    const body = JSON.parse(text) as { version: number; created: boolean; tool_count: number };
    out.push({ name, version: body.version, created: body.created, tools: body.tool_count });
  }
  return out;
}
