/** Who answers a measured request: edge-mcp's two URLs, the hand-written peer, or the upstream itself. */
export type Side = "edge-mcp" | "edge-mcp (6 tools)" | "peer" | "direct upstream";

/** The edge-mcp sides whose latency is compared with the peer's. */
export const GATEWAY_SIDES = ["edge-mcp", "edge-mcp (6 tools)"] as const satisfies readonly Side[];
