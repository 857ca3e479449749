/**
 * Publishing a version of an integration (the rollback when it is older than the live one, which asks
 * first), and deleting an integration. A publish carries the revision the page read, so a publish
 * made meanwhile elsewhere (another tab, a script) is refused with 409 rather than overwritten: the
 * page then says so in plain words and shows what is live now.
 */
import { ApiError, enc } from "../api";
import { confirmAction } from "../dialog";
import { h, replace } from "../dom";
import { withBusy } from "../forms";
import type { IntegrationDetail, PublishResult } from "../integration-types";
import type { ViewContext } from "./context";

/** What a publish needs to know of the integration; `revision` null publishes unconditionally. */
export interface PublishTarget {
  name: string;
  title: string;
  published_version: number | null;
  revision: number | null;
}

/** The integration's state a publish needs (the revision read last). */
export function publishTarget(d: IntegrationDetail): PublishTarget {
  return { name: d.name, title: d.title, published_version: d.published_version, revision: d.revision };
}

/** What happens after a publish attempt. */
export interface PublishHooks {
  /** The version is live. */
  onDone(result: PublishResult): void;
  /** Another publish came first (409): nothing changed; `message` says so, the page should reload. */
  onConflict(message: string): void;
  /** Where any other failure of a publish without confirmation is shown. */
  errorSlot?: HTMLElement;
}

/** The message of a refused (409) publish. */
export function conflictMessage(title: string): string {
  return `Someone else published a version of ${title} meanwhile (another tab, a script or a teammate), so nothing was changed. The page now shows what is live: check it, then try again.`;
}

const isConflict = (err: unknown) => err instanceof ApiError && err.status === 409;

/**
 * Publishes `version` of `target`. An older version than the live one is a rollback and asks first;
 * a newer one is published at once, `button` showing the work.
 */
export function publishVersion(
  ctx: ViewContext,
  target: PublishTarget,
  version: number,
  hooks: PublishHooks,
  button?: HTMLButtonElement,
): void {
  const run = () =>
    ctx.api.post<PublishResult>(`/integrations/${enc(target.name)}/publish`, {
      version,
      ...(target.revision === null ? {} : { expected_revision: target.revision }),
    });
  const live = target.published_version;
  if (live !== null && version < live) {
    let result: PublishResult | null = null;
    confirmAction({
      title: `Roll back to version ${version}?`,
      message: [
        h(
          "p",
          null,
          `Version ${version} of `,
          h("strong", null, target.title),
          ` replaces version ${live} for every account and MCP server of it.`,
        ),
        h(
          "p",
          null,
          `Clients see the older tools within about a minute. Version ${live} stays listed: publish it again to undo this.`,
        ),
      ],
      confirmLabel: `Roll back to version ${version}`,
      busyLabel: "Rolling back…",
      action: async () => {
        try {
          result = await run();
        } catch (err) {
          if (!isConflict(err)) throw err;
        }
      },
      onDone: () => (result ? hooks.onDone(result) : hooks.onConflict(conflictMessage(target.title))),
    });
    return;
  }
  const attempt = async () => {
    if (hooks.errorSlot) hooks.errorSlot.hidden = true;
    try {
      const result = button ? await withBusy(button, "Publishing…", run) : await run();
      hooks.onDone(result);
    } catch (err) {
      if (isConflict(err)) return hooks.onConflict(conflictMessage(target.title));
      if (!hooks.errorSlot) throw err;
      hooks.errorSlot.hidden = false;
      replace(hooks.errorSlot, err instanceof Error ? err.message : "Something went wrong.");
    }
  };
  void attempt();
}

/** Deletes an integration after asking; while accounts use it, says which step comes first. */
export function deleteIntegrationDialog(ctx: ViewContext, target: PublishTarget, onDone: () => void): void {
  confirmAction({
    title: `Delete ${target.title}?`,
    message: [
      h(
        "p",
        null,
        "“",
        h("strong", null, target.title),
        "” and every version of it will be deleted. This cannot be undone.",
      ),
      h(
        "p",
        null,
        "An integration that integrated accounts still use cannot be deleted: delete those accounts first.",
      ),
    ],
    confirmLabel: "Delete integration",
    busyLabel: "Deleting…",
    danger: true,
    action: async () => {
      try {
        await ctx.api.del(`/integrations/${enc(target.name)}`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          const ids = (err.details as { accounts?: unknown } | undefined)?.accounts;
          const count = Array.isArray(ids) ? ids.length : 0;
          throw new Error(
            `${count > 0 ? `${count} integrated account${count === 1 ? "" : "s"}` : "Integrated accounts"} still use ${target.title}, so it was not deleted. Delete ${count === 1 ? "that account" : "those accounts"} on the Integrated accounts page first, then delete the integration.`,
          );
        }
        throw err;
      }
    },
    onDone,
  });
}
