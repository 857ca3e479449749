import { DurableObject } from "cloudflare:workers";
export class SseSessionObject extends DurableObject<Env> {}
