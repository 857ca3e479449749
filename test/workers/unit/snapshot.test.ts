/**
 * The stored form of an integration version (worker/integrations/snapshot.ts): read back exactly as
 * written, refused when it is not what its hash names, format-1 snapshots still readable, and an
 * isolate's first use parses only the records whose tools it touches.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { integrationEntry } from "../../../docs-registry/index";
import type { EndpointRecord } from "../../../worker/integrations/schema";
import { readSnapshot, snapshotOf, validateContent } from "../../../worker/integrations/snapshot";
import { sha256Hex } from "../../../worker/security/crypto";
import { buildTools, checkTools } from "../../../worker/tools/build";
import { catalog } from "../../../worker/tools/catalog";
import { toolDefinition } from "../../../worker/tools/definition";

function missive() {
  const content = integrationEntry("missive");
  if (!content) throw new Error("missive is not in the registry");
  return content;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("stored snapshots", () => {
  it("reads back every record and the integration exactly as they were written", async () => {
    const content = missive();
    const { snapshot, text } = await snapshotOf(content);
    expect(snapshot.hash).toBe(await sha256Hex(text));
    expect(text.split("\n")).toHaveLength(content.records.length + 1);
    const read = await readSnapshot(snapshot.hash, text);
    expect(read.integration).toEqual(content.integration);
    expect(read.records.map((r) => r.file)).toEqual(content.records.map((r) => r.file));
    expect(read.records.map((r) => r.record)).toEqual(content.records.map((r) => r.record));
  });

  it("keeps line breaks inside a record's text (one line per record on disk)", async () => {
    const content = missive();
    const first = content.records[0];
    if (!first) throw new Error("no record");
    const edited: EndpointRecord = {
      ...first.record,
      description: "Line one.\nLine two\r\nand a separator \u2028 too.",
    };
    const withBreaks = validateContent({
      integration: content.integration,
      records: [{ file: first.file, record: edited }, ...content.records.slice(1)],
    });
    const { snapshot, text } = await snapshotOf(withBreaks);
    const read = await readSnapshot(snapshot.hash, text);
    expect(read.records[0]?.record.description).toBe(edited.description);
  });

  it("refuses a text that is not byte for byte what its hash names", async () => {
    const { snapshot, text } = await snapshotOf(missive());
    await expect(readSnapshot(snapshot.hash, `${text} `)).rejects.toThrow(/does not match its content/);
  });

  it("refuses a text whose record lines do not match its header", async () => {
    const { text } = await snapshotOf(missive());
    const short = text.slice(0, text.lastIndexOf("\n"));
    await expect(readSnapshot(await sha256Hex(short), short)).rejects.toThrow(/lists \d+ records but holds/);
  });

  it("still reads a format-1 snapshot (one JSON document), stored before format 2", async () => {
    const content = missive();
    const v1 = JSON.stringify({ format: 1, integration: content.integration, records: content.records });
    const read = await readSnapshot(await sha256Hex(v1), v1);
    expect(read.records.map((r) => r.record)).toEqual(content.records.map((r) => r.record));
    expect(catalog(read).tools.map((t) => t.name)).toEqual(
      buildTools(content.integration, content.records).map((t) => t.name),
    );
  });
});

describe("an isolate's first use of a stored snapshot", () => {
  it("builds the catalog without parsing a record, and parses one record to define one tool", async () => {
    const { snapshot, text } = await snapshotOf(missive());
    const read = await readSnapshot(snapshot.hash, text);
    const parse = vi.spyOn(JSON, "parse");
    const c = catalog(read);
    expect(c.tools.length).toBe(read.records.length);
    expect(c.byName.size).toBeGreaterThanOrEqual(c.tools.length);
    expect(parse).not.toHaveBeenCalled();
    const tool = c.tools[0];
    if (!tool) throw new Error("no tool");
    toolDefinition(tool);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it("gives every tool the same definition as building from the records in memory", async () => {
    const content = missive();
    const { snapshot, text } = await snapshotOf(content);
    const lazy = catalog(await readSnapshot(snapshot.hash, text)).tools;
    const eager = buildTools(content.integration, content.records);
    checkTools(eager);
    expect(lazy.map((t) => JSON.stringify(toolDefinition(t)))).toEqual(
      eager.map((t) => JSON.stringify(toolDefinition(t))),
    );
    expect(lazy.map((t) => [t.name, t.listedName, t.access, t.tags, t.bindings])).toEqual(
      eager.map((t) => [t.name, t.listedName, t.access, t.tags, t.bindings]),
    );
  });
});
