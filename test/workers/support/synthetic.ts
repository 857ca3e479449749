/** A synthetic integration for tests of the record → tool rules that no real record exercises. */
import type { Integration } from "../../../docs-registry/index";

/** "Acme" with one resource, `widgets`. */
export const acmeIntegration: Integration = {
  name: "acme",
  title: "Acme",
  base_url: "https://api.acme.test/v1",
  auth: { type: "bearer", credential: "api_token", instructions: "x", token_prefixes: [] },
  rate_limit_headers: {
    limit: "x-l",
    remaining: "x-r",
    reset: "x-s",
    reset_kind: "epoch_seconds",
    retry_after: "retry-after",
  },
  error_message_path: "error.message",
  static_headers: {},
  overload_statuses: [],
  error_hints: {},
  resources: { widgets: { singular: "widget", title: "widgets", tags: ["widgets"] } },
};
