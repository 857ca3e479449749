/** Formatting helpers: dates in the admin's time zone, filters in words, names as slugs. */
import type { ServerConfig } from "./api";

/** The browser's IANA time zone, e.g. "Europe/Paris". */
export function timeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "local time";
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  dateStyle: "medium",
  timeStyle: "short",
});
/**
 * An ISO instant in the admin's time zone, e.g. "Dec 1, 2026, 9:00 AM"; `withZone` names the zone
 * once, after it: "Dec 1, 2026, 9:00 AM (Europe/Paris)".
 */
export function formatDate(iso: string, withZone = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return withZone ? `${dateTime.format(d)} (${timeZone()})` : dateTime.format(d);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

/** "in 59 minutes", "2 days ago". */
export function formatRelative(iso: string, nowMs = Date.now()): string {
  const diff = Date.parse(iso) - nowMs;
  const abs = Math.abs(diff);
  // [unit, its length, the distance from which it is used]: "in 1 hour" rather than "in 59 minutes".
  const units: Array<[Intl.RelativeTimeFormatUnit, number, number]> = [
    ["day", 86_400_000, 22 * 3_600_000],
    ["hour", 3_600_000, 45 * 60_000],
    ["minute", 60_000, 45_000],
  ];
  for (const [unit, ms, from] of units) {
    if (abs >= from) return relative.format(Math.round(diff / ms), unit);
  }
  return relative.format(Math.round(diff / 1000), "second");
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A `datetime-local` value ("2026-12-01T09:00") for an instant, in the admin's time zone. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant a `datetime-local` value means in the admin's time zone, or null when invalid. */
export function fromLocalInput(value: string): Date | null {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/);
  if (!m) return null;
  const [y, mo, d, hh, mm, ss] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const date = new Date(y ?? 0, (mo ?? 1) - 1, d, hh, mm, ss);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The methods part of a server config in words. */
export function describeMethods(config: ServerConfig): string {
  return config.methods?.length ? config.methods.join(", ") : "all methods";
}

/** The tags part of a server config in words. */
export function describeTags(config: ServerConfig): string {
  return config.tags?.length ? config.tags.join(", ") : "all tags";
}

/** A name usable as a client-side server key: "Claude Missive Triage" → "claude-missive-triage". */
export function slug(name: string, fallback = "missive"): string {
  const s = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return s || fallback;
}

/** "1 tool" / "12 tools". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Who made a change: `admin` (the admin token) or `api_token:<id>` (an admin-scoped API token). */
export function actorLabel(actor: string): string {
  if (actor === "admin") return "admin token";
  return actor.startsWith("api_token:") ? `API token ${actor.slice("api_token:".length)}` : actor;
}

/** Where a version came from, in words. */
export function sourceLabel(source: string): string {
  const labels: Record<string, string> = {
    seed: "shipped seed",
    registry: "records",
    openapi: "OpenAPI import",
    edit: "tool edit",
  };
  return labels[source] ?? source;
}
