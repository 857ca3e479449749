/**
 * Small OpenAPI documents for the integration tests: a valid one with a few operations (an
 * imaginary "Acme" API), and builders for the bad inputs the importer must refuse.
 */

/** A valid OpenAPI 3.1 document: list/get/create widgets and list gadgets, https server. */
export function acmeDocument(server = "https://api.acme-widgets.example/v1"): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: { title: "Acme API", version: "1.0.0" },
    servers: [{ url: server }],
    components: {
      schemas: {
        Widget: {
          type: "object",
          properties: {
            id: { type: "string", description: "The widget's id." },
            name: { type: "string", description: "The widget's name." },
          },
        },
      },
      parameters: {
        widgetId: {
          name: "widget_id",
          in: "path",
          required: true,
          schema: { type: "string" },
          description: "The widget's id, from list_all_acme_widgets.",
        },
      },
    },
    paths: {
      "/widgets": {
        get: {
          operationId: "listWidgets",
          summary: "List widgets",
          description: "Lists every widget of the workspace, newest first.",
          tags: ["Widgets"],
          parameters: [
            { name: "page", in: "query", schema: { type: "integer" }, description: "Page number, from 1." },
            {
              name: "per_page",
              in: "query",
              schema: { type: "integer", maximum: 50 },
              description: "Items per page.",
            },
          ],
          responses: {
            "200": {
              description: "The widgets",
              headers: { Link: { schema: { type: "string" }, description: "Pagination links" } },
              content: {
                "application/json": {
                  schema: { type: "array", items: { $ref: "#/components/schemas/Widget" } },
                },
              },
            },
          },
        },
        post: {
          operationId: "createWidget",
          summary: "Create a widget",
          description: "Creates a widget with the given name.",
          tags: ["Widgets"],
          requestBody: {
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["name"],
                  properties: { name: { type: "string", description: "The new widget's name." } },
                },
              },
            },
          },
          responses: {
            "201": {
              description: "Created",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Widget" } } },
            },
          },
        },
      },
      "/widgets/{widget_id}": {
        get: {
          operationId: "getWidget",
          summary: "Get a widget",
          description: "Returns one widget by its id.",
          tags: ["Widgets"],
          parameters: [{ $ref: "#/components/parameters/widgetId" }],
          responses: {
            "200": {
              description: "The widget",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Widget" } } },
            },
          },
        },
      },
    },
  };
}

/** The same document as YAML text (a hand-written subset: what an admin pastes). */
export const ACME_YAML = `openapi: 3.0.3
info:
  title: Acme API
  version: "1.0"
servers:
  - url: https://api.acme-widgets.example/v1
paths:
  /widgets/{widget_id}:
    get:
      operationId: getWidget
      summary: Get a widget
      description: Returns one widget by its id.
      tags: [Widgets]
      parameters:
        - name: widget_id
          in: path
          required: true
          description: The widget's id.
          schema: { type: string }
      responses:
        "200":
          description: The widget
`;

/** A document with `count` operations (each its own path). */
export function manyOperations(count: number): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    paths[`/things${i}/{id}`] = {
      get: {
        operationId: `get${i}`,
        summary: `Get thing ${i} by its id`,
        responses: { "200": { description: "ok" } },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Many", version: "1" },
    servers: [{ url: "https://many.example" }],
    paths,
  };
}

let published = 0;

/**
 * Publishes an Acme-like integration (a fresh `<prefix>…` name per call) whose API, at
 * `https://<name>.example/v1`, is served by `upstream`; returns its name and an MCP URL on it.
 */
export async function publishAcme(
  prefix: string,
  upstream: (request: Request) => Promise<Response>,
): Promise<{ name: string; url: string; serverId: string }> {
  const { admin, createAccount, createServer, serveHost } = await import("./gateway");
  const name = `${prefix}${Date.now().toString(36)}${(published++).toString(36)}`;
  const created = await admin("POST", "/integrations", {
    name,
    openapi: acmeDocument(`https://${name}.example/v1`),
    publish: true,
  });
  if (created.status !== 201)
    throw new Error(`publishing ${name}: ${created.status} ${await created.text()}`);
  serveHost(`${name}.example`, upstream);
  const { id, url } = await createServer(await createAccount("t0ken-value", prefix, name));
  return { name, url, serverId: id };
}
