// TCP flags as tcpdump prints them ("S", "S.", "P.", "F.", "R"), so examples read familiar.

const LETTERS: [number, string][] = [
  [0x02, 'S'],
  [0x01, 'F'],
  [0x08, 'P'],
  [0x04, 'R'],
  [0x20, 'U'],
  [0x40, 'E'],
  [0x80, 'W'],
];

export function flagString(flags: number): string {
  let s = '';
  for (const [bit, letter] of LETTERS) if (flags & bit) s += letter;
  if (flags & 0x10) s += '.';
  return s === '' ? 'none' : s;
}
