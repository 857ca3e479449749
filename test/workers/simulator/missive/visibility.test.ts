import { describe, expect, it } from "vitest";
import { call, GUEST, setup } from "./helpers";

describe("guest visibility", () => {
  it("shows the guest fewer contact books, including the two shared Acme books", async () => {
    const { sim } = setup();
    const names = async (token?: string) =>
      (await call(sim, "GET", "/contact_books", { token })).json.contact_books.map(
        (b: { name: string }) => b.name,
      );
    const primary = await names();
    const guest = await names(GUEST);
    expect(primary).toEqual(expect.arrayContaining(["VIP Prospects", "Enterprise Leads", "Partners"]));
    expect(guest.sort()).toEqual(["Enterprise Leads", "VIP Prospects"]);
    expect(guest.length).toBeLessThan(primary.length);
  });

  it("answers 404 to the guest for a book they cannot see", async () => {
    const { sim } = setup();
    const res = await call(sim, "GET", "/contacts", {
      token: GUEST,
      query: { contact_book: sim.data.facts.contactBooks.partners },
    });
    expect(res.status).toBe(404);
  });

  it("shows the guest fewer conversations, and a guest-only conversation as id and timestamp", async () => {
    const { sim } = setup();
    const all = async (token?: string) =>
      (await call(sim, "GET", "/conversations", { token, query: { all: true, limit: 50 } })).json
        .conversations;
    const primary = await all();
    const guest = await all(GUEST);
    expect(guest.length).toBeLessThan(primary.length);
    const trimmed = guest.find((c: { id: string }) => c.id === sim.data.facts.conversations.guestAccess);
    expect(Object.keys(trimmed).sort()).toEqual(["id", "last_activity_at"]);
  });

  it("marks the token owner with me: true in the users list", async () => {
    const { sim } = setup();
    const users = (await call(sim, "GET", "/users", { token: GUEST })).json.users;
    const me = users.filter((u: { me: boolean }) => u.me);
    expect(me).toEqual([expect.objectContaining({ id: sim.data.facts.users.guest, name: "Jamie Chen" })]);
    expect(users.some((u: { name: string }) => u.name === "Priya Natarajan")).toBe(false);
  });
});
