/**
 * The model answers a JSON document `{"answer": "...", "products": [...]}` (structured output), streamed in pieces.
 * This reads the `answer` string's characters as they arrive (JSON escapes decoded), so the rails can check and release
 * the text sentence by sentence before the document is complete. Anything else in the document is read at the end.
 */
export class JsonAnswerExtractor {
  private raw = '';
  private pos = -1; // index in raw of the next unread character of the answer string; -1 before it starts
  private ended = false;

  /** Feeds a piece of the document; returns the answer text it completes. */
  push(piece: string): string {
    this.raw += piece;
    if (this.ended) return '';
    if (this.pos < 0) {
      const m = /"answer"\s*:\s*"/.exec(this.raw);
      if (!m) return '';
      this.pos = m.index + m[0].length;
    }
    let out = '';
    while (this.pos < this.raw.length) {
      const ch = this.raw[this.pos]!;
      if (ch === '"') {
        this.ended = true;
        break;
      }
      if (ch === '\\') {
        const next = this.raw[this.pos + 1];
        if (next === undefined) break; // wait for the escape's second half
        if (next === 'u') {
          const hex = this.raw.slice(this.pos + 2, this.pos + 6);
          if (hex.length < 4) break;
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
          continue;
        }
        out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[next] ?? next;
        this.pos += 2;
        continue;
      }
      out += ch;
      this.pos++;
    }
    return out;
  }
}
