/**
 * How big one tool result is, on the wire and for a model: bytes of the HTTP body, bytes of the
 * JSON-RPC `result`, and o200k_base tokens (GPT-4o / GPT-5 family tokenizer, via js-tiktoken) of the
 * whole result and of its text blocks (what most hosts hand the model).
 */
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { jsonRpcMessages } from "../lib/mcp-requests.ts";

/** Size of one tool-call answer. */
export interface ResultSize {
  side: string;
  era: string;
  /** UTF-8 bytes of the HTTP response body (JSON, or a one-event SSE body). */
  bodyBytes: number;
  /** UTF-8 bytes of `JSON.stringify(result)`. */
  resultBytes: number;
  /** o200k_base tokens of the whole result (a client that relays all of it). */
  resultTokens: number;
  /** o200k_base tokens of the text blocks only (a host that shows the model `content`). */
  textTokens: number;
  /** The result carries `structuredContent`. */
  structured: boolean;
}

let encoder: Tiktoken | undefined;
const tokens = (text: string) => {
  encoder ??= new Tiktoken(o200k);
  return encoder.encode(text).length;
};
const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Measures one response body of a `tools/call`. */
export function resultSize(side: string, era: string, body: string): ResultSize {
  const messages = jsonRpcMessages(body) as Array<{ result?: Record<string, unknown> }>;
  const result = messages[messages.length - 1]?.result ?? {};
  const text = ((result.content ?? []) as Array<{ type: string; text?: string }>)
    .map((c) => c.text ?? "")
    .join("\n");
  const json = JSON.stringify(result);
  return {
    side,
    era,
    bodyBytes: bytes(body),
    resultBytes: bytes(json),
    resultTokens: tokens(json),
    textTokens: tokens(text),
    structured: result.structuredContent !== undefined,
  };
}
