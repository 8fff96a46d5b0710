let table: Map<string, number[]> | null = null;

/**
 * GBK bytes of `text`, as Excel on a Chinese Windows PC saves a CSV. TextEncoder writes only UTF-8, so the
 * table is built once from the GB18030 decoder over every two-byte GBK code.
 */
export function encodeGbk(text: string): Uint8Array {
  if (!table) {
    const decoder = new TextDecoder('gb18030');
    table = new Map();
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (char.length === 1 && !table.has(char)) table.set(char, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(char);
      if (!bytes) throw new Error(`no GBK bytes for ${char}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
