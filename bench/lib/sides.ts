/**
 * Who answers a measured request: edge-mcp's two URLs, the hand-written peer, the upstream itself, or
 * the binding probe (its routing baseline, and the same plus the bindings a gateway request emulates).
 */
export type Side =
  | "edge-mcp"
  | "edge-mcp (6 tools)"
  | "peer"
  | "direct upstream"
  | "probe: bare"
  | "probe: emulated bindings";

/** The edge-mcp sides whose latency is compared with the peer's. */
export const GATEWAY_SIDES = ["edge-mcp", "edge-mcp (6 tools)"] as const satisfies readonly Side[];

/** The probe's side without bindings: a small JSON answer, the baseline emulation is measured against. */
export const PROBE_BARE = "probe: bare" satisfies Side;
/** The probe's side doing one gateway request's emulated binding work (limiter; D1 insert for a call). */
export const PROBE_EMULATED = "probe: emulated bindings" satisfies Side;
