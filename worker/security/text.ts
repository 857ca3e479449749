/**
 * Characters that have no place in a name people read: C0 and C1 control characters, and the
 * bidirectional controls that make text display other than it is (U+061C, U+200E/F, U+202A–202E,
 * U+2066–2069), with which a name can pose as another in the dashboard or a log line.
 */

/** True when `text` holds a control character. */
export function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/** True when `text` holds a control or a bidirectional-control character. */
export function hasControlOrBidi(text: string): boolean {
  if (hasControl(text)) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      c === 0x061c ||
      c === 0x200e ||
      c === 0x200f ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069)
    )
      return true;
  }
  return false;
}
