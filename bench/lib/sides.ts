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
  | "probe: emulated bindings"
  | "edge-mcp, bindings removed (control)"
  | "edge-mcp: GitHub, all tools"
  | "edge-mcp: GitHub, discovery";

/** The edge-mcp sides whose latency is compared with the peer's. */
export const GATEWAY_SIDES = ["edge-mcp", "edge-mcp (6 tools)"] as const satisfies readonly Side[];

/** The probe's side without bindings: a small JSON answer, the baseline emulation is measured against. */
export const PROBE_BARE = "probe: bare" satisfies Side;
/** The probe's side doing one gateway request's emulated binding work (limiter; D1 insert for a call). */
export const PROBE_EMULATED = "probe: emulated bindings" satisfies Side;

/**
 * A copy of the gateway with its binding calls taken out (no limiter call, no activity insert), run
 * only by `npm run bench:emulation-check` to check the probe's emulation estimate; never a budget side.
 */
export const CONTROL = "edge-mcp, bindings removed (control)" satisfies Side;
