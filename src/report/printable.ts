// Text from captures and JSON files (interface names, comments, point and file names) made safe
// to print: control characters become visible escapes (\e, \r, \n, \xNN), so none can move the
// cursor, recolour or rewrite what a terminal shows, and bidirectional controls become visible
// marks (<U+202E>), so none can reorder the text after them. The HTML escaping marks them too.

/** Unicode's explicit directional formatting characters (UAX #9 §2): marks, embeddings, overrides, isolates. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** C0 controls, DEL and C1 controls (0x9B is an 8-bit CSI to some terminals). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const NAMED: Record<string, string> = { '\u001b': '\\e', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u0000': '\\0' };

/** Bidi controls replaced by a visible mark naming each, e.g. <U+202E>. */
export function markBidi(text: string): string {
  return text.replace(BIDI, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** The value as a terminal may print it: control characters escaped, bidi controls marked. */
export function printable(value: string): string {
  return markBidi(value).replace(CONTROL, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
