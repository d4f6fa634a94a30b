/**
 * Reading a `text/event-stream` answer from `fetch` (EventSource cannot POST): the parts of the WHATWG event-stream
 * format our servers use — `event:` and `data:` fields (several `data:` lines join with "\n"), a blank line dispatches,
 * `:` comment lines (keep-alives) and other fields are skipped; lines end in LF, CRLF or CR, split anywhere across
 * chunks. No dependencies: it ships in the lazily loaded assistant widget.
 */
export interface SseEvent {
  event: string;
  data: string;
}

/** An incremental parser: feed decoded text as it arrives, get the events completed so far. */
export function sseParser(): { push(text: string): SseEvent[]; end(): SseEvent[] } {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  const line = (l: string, out: SseEvent[]) => {
    if (l === '') {
      if (data.length) out.push({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    const value = colon < 0 ? '' : l.slice(colon + (l[colon + 1] === ' ' ? 2 : 1));
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  const drain = (final: boolean) => {
    const out: SseEvent[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(buffer);
      // A CR at the very end may be the first half of a CRLF still on its way.
      if (!m || (!final && m[0] === '\r' && m.index === buffer.length - 1)) break;
      line(buffer.slice(0, m.index), out);
      buffer = buffer.slice(m.index + m[0].length);
    }
    return out;
  };
  return {
    push(text) {
      buffer += text;
      return drain(false);
    },
    // An unterminated last event is dropped, as the format says.
    end: () => drain(true),
  };
}

/** Reads `body` to its end, calling `onEvent` for each event in order (aborting the fetch rejects the read). */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (e: SseEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = sseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const e of parser.push(decoder.decode(value, { stream: true }))) onEvent(e);
    }
    for (const e of parser.push(decoder.decode())) onEvent(e);
    for (const e of parser.end()) onEvent(e);
  } finally {
    reader.releaseLock();
  }
}
