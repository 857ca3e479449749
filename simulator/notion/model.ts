/**
 * The Notion simulator's workspace: users, pages, data sources (and their databases), blocks and
 * comments, seeded deterministically and large enough that every list pages at the maximum
 * `page_size` of 100. Objects are stored as the JSON Notion answers with.
 */
import { createRng } from "../prng";

/** A JSON object as Notion serializes it. */
export type NotionObject = Record<string, unknown> & { id: string; object: string };

/** The whole simulated workspace. */
export interface Workspace {
  users: NotionObject[];
  pages: Map<string, NotionObject>;
  dataSources: Map<string, NotionObject>;
  databases: Map<string, NotionObject>;
  blocks: Map<string, NotionObject>;
  /** Child block ids of a page or block, in document order. */
  children: Map<string, string[]>;
  comments: NotionObject[];
  templates: Map<string, Array<{ id: string; name: string; is_default: boolean }>>;
  /** Well-known ids tests rely on. */
  facts: {
    botId: string;
    /** A page with 130 paragraphs, 110 comments and a 120-part title. */
    bigPageId: string;
    /** A data source whose 140 rows page in the query. */
    dataSourceId: string;
    databaseId: string;
  };
}

/** The seed every simulator starts from unless told otherwise. */
export const NOTION_SEED = 20261201;
/** Fixed epoch of the seeded timestamps, so the data is the same on any day. */
const BASE = Date.UTC(2026, 0, 5, 9, 0, 0);

/** A rich text array holding one text object. */
export function richText(content: string): Array<Record<string, unknown>> {
  return [
    {
      type: "text",
      text: { content, link: null },
      annotations: {
        bold: false,
        italic: false,
        strikethrough: false,
        underline: false,
        code: false,
        color: "default",
      },
      plain_text: content,
      href: null,
    },
  ];
}

const WORDS = [
  "roadmap",
  "launch",
  "notes",
  "retro",
  "budget",
  "hiring",
  "design",
  "review",
  "sprint",
  "ideas",
  "support",
  "q3",
];

/** Builds a fresh workspace from `seed`. */
export function seedWorkspace(seed = NOTION_SEED): Workspace {
  const rng = createRng(seed);
  const at = (i: number) => new Date(BASE + i * 3_600_000).toISOString().replace(/\.\d{3}Z$/, ".000Z");
  const users: NotionObject[] = [];
  const botId = rng.uuid();
  users.push({
    object: "user",
    id: botId,
    name: "edge-mcp simulator",
    avatar_url: null,
    type: "bot",
    bot: { owner: { type: "workspace", workspace: true }, workspace_name: "Simulated Workspace" },
  });
  for (let i = 0; i < 129; i++) {
    const id = rng.uuid();
    users.push({
      object: "user",
      id,
      name: `Person ${i + 1}`,
      avatar_url: null,
      type: "person",
      person: { email: `person${i + 1}@example.com` },
    });
  }
  const person = () => ({ object: "user", id: rng.pick(users).id });

  const pages = new Map<string, NotionObject>();
  const page = (
    title: string,
    parent: Record<string, unknown>,
    i: number,
    props?: Record<string, unknown>,
  ) => {
    const id = rng.uuid();
    pages.set(id, {
      object: "page",
      id,
      created_time: at(i),
      last_edited_time: at(i + 1),
      created_by: person(),
      last_edited_by: person(),
      cover: null,
      icon: null,
      parent,
      archived: false,
      in_trash: false,
      properties: props ?? { title: { id: "title", type: "title", title: richText(title) } },
      url: `https://www.notion.so/${title.replaceAll(" ", "-")}-${id.replaceAll("-", "")}`,
      public_url: null,
    });
    return id;
  };
  const bigPageId = page("Team handbook", { type: "workspace", workspace: true }, 0);
  const big = pages.get(bigPageId);
  // A 120-part title: longer than one property-item page, so its items page too.
  const parts = Array.from({ length: 120 }, (_, k) => richText(`part ${k + 1} `)[0]);
  if (big) big.properties = { title: { id: "title", type: "title", title: parts } };
  for (let i = 1; i < 120; i++) {
    page(
      `${rng.pick(WORDS)} ${rng.pick(WORDS)} ${i}`,
      i % 3 === 0 ? { type: "workspace", workspace: true } : { type: "page_id", page_id: bigPageId },
      i,
    );
  }

  const databases = new Map<string, NotionObject>();
  const dataSources = new Map<string, NotionObject>();
  const templates = new Map<string, Array<{ id: string; name: string; is_default: boolean }>>();
  const schema = {
    Name: { id: "title", name: "Name", type: "title", title: {} },
    Status: {
      id: "stat",
      name: "Status",
      type: "select",
      select: {
        options: ["Todo", "Doing", "Done"].map((n) => ({ id: n.toLowerCase(), name: n, color: "default" })),
      },
    },
    Due: { id: "due1", name: "Due", type: "date", date: {} },
  };
  let dataSourceId = "";
  let databaseId = "";
  for (let d = 0; d < 3; d++) {
    const dbId = rng.uuid();
    const dsId = rng.uuid();
    const name = ["Tasks", "Meeting notes", "Reading list"][d] ?? "Table";
    databases.set(dbId, {
      object: "database",
      id: dbId,
      title: richText(name),
      parent: { type: "page_id", page_id: bigPageId },
      data_sources: [{ id: dsId, name }],
      created_time: at(200 + d),
      last_edited_time: at(200 + d),
      in_trash: false,
      is_inline: false,
    });
    dataSources.set(dsId, {
      object: "data_source",
      id: dsId,
      title: richText(name),
      description: [],
      properties: structuredClone(schema),
      parent: { type: "database_id", database_id: dbId },
      database_parent: { type: "page_id", page_id: bigPageId },
      created_time: at(200 + d),
      last_edited_time: at(200 + d),
      archived: false,
      in_trash: false,
    });
    const rows = d === 0 ? 140 : 12;
    for (let r = 0; r < rows; r++) {
      page(
        `${name} row ${r + 1}`,
        { type: "data_source_id", data_source_id: dsId, database_id: dbId },
        300 + r,
        {
          Name: { id: "title", type: "title", title: richText(`${name} row ${r + 1}`) },
          Status: {
            id: "stat",
            type: "select",
            select: { id: "todo", name: rng.pick(["Todo", "Doing", "Done"]), color: "default" },
          },
          Due: {
            id: "due1",
            type: "date",
            date: { start: `2030-0${1 + (r % 9)}-1${r % 10}`, end: null, time_zone: null },
          },
        },
      );
    }
    templates.set(
      dsId,
      Array.from({ length: d === 0 ? 105 : 2 }, (_, k) => ({
        id: rng.uuid(),
        name: `Template ${k + 1}`,
        is_default: k === 0,
      })),
    );
    if (d === 0) {
      dataSourceId = dsId;
      databaseId = dbId;
    }
  }

  const blocks = new Map<string, NotionObject>();
  const children = new Map<string, string[]>();
  for (let b = 0; b < 130; b++) {
    const id = rng.uuid();
    blocks.set(
      id,
      paragraph(id, { type: "page_id", page_id: bigPageId }, `Paragraph ${b + 1}`, at(b), botId),
    );
    children.set(bigPageId, [...(children.get(bigPageId) ?? []), id]);
  }

  const comments: NotionObject[] = [];
  for (let c = 0; c < 110; c++) {
    comments.push({
      object: "comment",
      id: rng.uuid(),
      parent: { type: "page_id", page_id: bigPageId },
      discussion_id: rng.uuid(),
      created_time: at(c),
      last_edited_time: at(c),
      created_by: person(),
      rich_text: richText(`Comment ${c + 1}`),
    });
  }
  return {
    users,
    pages,
    dataSources,
    databases,
    blocks,
    children,
    comments,
    templates,
    facts: { botId, bigPageId, dataSourceId, databaseId },
  };
}

/** A paragraph block. */
export function paragraph(
  id: string,
  parent: Record<string, unknown>,
  text: string,
  time: string,
  by: string,
): NotionObject {
  return {
    object: "block",
    id,
    parent,
    created_time: time,
    last_edited_time: time,
    created_by: { object: "user", id: by },
    last_edited_by: { object: "user", id: by },
    has_children: false,
    archived: false,
    in_trash: false,
    type: "paragraph",
    paragraph: { rich_text: richText(text), color: "default" },
  };
}
