/** What every view receives from the shell. */
import type { Api, Tool } from "../api";

/** The shell's services for a view. */
export interface ViewContext {
  api: Api;
  /** Aborted when the admin navigates away: a late answer must not render into a gone page. */
  signal: AbortSignal;
  /** Reads a short confirmation to screen readers and shows it as a toast. */
  announce(message: string): void;
  /** The unfiltered tool list of an account (the filter vocabulary), fetched once per session. */
  catalog(accountId: string): Promise<Tool[]>;
}
