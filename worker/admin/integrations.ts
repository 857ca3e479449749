/**
 * `GET /integrations`: the integrations the registry documents, so clients (the dashboard's connect
 * dialog) list them from data instead of hard-coding any. Each entry says which credential it takes
 * and how to get it, and what its tools can be filtered by.
 */
import * as z from "zod";
import { registry } from "../../docs-registry/index";
import { catalog } from "../tools/catalog";

/** One integration as the admin API shows it (also its OpenAPI schema). */
export const IntegrationInfoSchema = z.object({
  name: z.string(),
  title: z.string(),
  credential: z.string(),
  instructions: z.string(),
  tools: z.number().int(),
  methods: z.array(z.string()),
  tags: z.array(z.string()),
});
export type IntegrationInfo = z.infer<typeof IntegrationInfoSchema>;

let cached: IntegrationInfo[] | undefined;

/** Every documented integration, by name. */
export function integrationInfos(): IntegrationInfo[] {
  cached ??= [...registry().values()]
    .map(({ integration }) => {
      const c = catalog(integration.name);
      return {
        name: integration.name,
        title: integration.title,
        credential: integration.auth.credential,
        instructions: integration.auth.instructions,
        tools: c?.tools.length ?? 0,
        methods: [...(c?.methods ?? [])].sort(),
        tags: [...(c?.tags ?? [])].sort(),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return cached;
}

/** Handler of `GET /integrations`: `{"result":[…],"next_cursor":null}` like every list. */
export function listIntegrationsHandler(): Response {
  return Response.json({ result: integrationInfos(), next_cursor: null });
}
