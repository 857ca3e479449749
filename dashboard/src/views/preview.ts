/**
 * Live preview of the tools a filter yields: debounced calls to
 * `GET /integrated-account/:id/tools`, older answers discarded, an empty set reported as such.
 */
import {
  type Api,
  ApiError,
  type Footprint,
  isAbort,
  type SchemaProfile,
  type Tool,
  type ToolExposure,
} from "../api";
import { debounce } from "../dom";
import type { Filter } from "./filter-picker";

/** The preview's state. */
export type PreviewState =
  | { status: "loading" }
  | { status: "ok"; tools: Tool[]; footprint?: Footprint; exposures?: ToolExposure[] }
  | { status: "empty"; message: string }
  | { status: "error"; error: ApiError };

/** A running preview: `refresh()` after every change; `dispose()` when its view goes away. */
export interface LivePreview {
  refresh(): void;
  dispose(): void;
}

/** Starts a preview that reports every state change to `render`. */
export function livePreview(
  api: Api,
  accountId: string,
  filter: () => Filter & { tool_exposure?: ToolExposure; schema_profile?: SchemaProfile },
  render: (state: PreviewState) => void,
  delayMs = 250,
): LivePreview {
  let controller: AbortController | null = null;
  let disposed = false;
  const run = async () => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    try {
      const page = await api.tools(accountId, filter(), mine.signal);
      if (mine.signal.aborted || disposed) return;
      render(
        page.result.length
          ? { status: "ok", tools: page.result, footprint: page.footprint, exposures: page.exposures }
          : { status: "empty", message: "No tool matches." },
      );
    } catch (err) {
      if (isAbort(err) || mine.signal.aborted || disposed) return;
      if (err instanceof ApiError && err.code === "empty_tool_set")
        render({ status: "empty", message: err.message });
      else
        render({
          status: "error",
          error: err instanceof ApiError ? err : new ApiError(0, "unknown", String(err)),
        });
    }
  };
  const later = debounce(() => void run(), delayMs);
  return {
    refresh() {
      if (disposed) return;
      render({ status: "loading" });
      later();
    },
    dispose() {
      disposed = true;
      controller?.abort();
    },
  };
}
