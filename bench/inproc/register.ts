/** `node --import ./bench/inproc/register.ts …`: installs the bundler-style resolution hooks. */
import { register } from "node:module";

register(new URL("./hooks.ts", import.meta.url));
