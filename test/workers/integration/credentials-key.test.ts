import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { seal } from "../../../worker/security/crypto";
import { keys } from "../../../worker/stores/records";
import {
  admin,
  connectClient,
  createAccount,
  createServer,
  type Era,
  installSimulator,
  structuredOf,
} from "../support/gateway";

/** Another valid key: what `CREDENTIALS_KEY` was before someone replaced `.dev.vars` or the secret. */
const OLD_KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));

/** Re-seals an account's stored credentials with {@link OLD_KEY}, as if written under a previous key. */
async function sealWithOldKey(accountId: string): Promise<void> {
  const raw = await env.KV.get(keys.account(accountId));
  const record = JSON.parse(raw ?? "null") as Record<string, unknown>;
  record.credentials = await seal(OLD_KEY, { api_token: "missive_pat-simulator" }, accountId);
  await env.KV.put(keys.account(accountId), JSON.stringify(record));
}

describe("credentials sealed under another CREDENTIALS_KEY", () => {
  it.each<Era>(["legacy", "modern"])(
    "a tool call answers credentials_unreadable with the rotation hint, never the crypto library's text (%s)",
    async (era) => {
      const sim = installSimulator();
      const accountId = await createAccount();
      const { url } = await createServer(accountId);
      await sealWithOldKey(accountId);
      const client = await connectClient(url, era);
      const r = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
      expect(r.isError).toBe(true);
      const error = structuredOf(r).error;
      expect(error).toMatchObject({
        kind: "credentials_unreadable",
        hint: "CREDENTIALS_KEY changed; rotate this account's credentials",
      });
      const text = JSON.stringify(r.content);
      expect(text).toContain("CREDENTIALS_KEY changed; rotate this account's credentials");
      expect(text).not.toMatch(/decryption failed|ciphertext|OperationError/i);
      // Nothing went upstream with a credential the gateway could not read.
      expect(sim.requests).toEqual([]);
      await client.close();
    },
  );

  it("rotating the account's credentials makes its URLs work again", async () => {
    installSimulator();
    const accountId = await createAccount();
    const { url } = await createServer(accountId);
    await sealWithOldKey(accountId);
    const rotate = await admin("PATCH", `/integrated-account/${accountId}`, {
      credentials: { api_token: "missive_pat-simulator" },
    });
    expect(rotate.status).toBe(200);
    const client = await connectClient(url, "modern");
    const r = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    expect(r.isError, JSON.stringify(r.content)).not.toBe(true);
    await client.close();
  });
});
