/**
 * #15: the consultation form refuses, in the browser and before any upload, the files the api would refuse: the type
 * is read from the bytes (the api's own sniffing), sizes are capped, and it is up to 5 images OR 1 PDF.
 */
import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_FILE_BYTES, MAX_PDF_BYTES, prepareFiles } from '../../shared/src/consultations/files';
import { admitFiles, sniff } from '../src/lib/consultation-files';

const bytes = (...b: number[]) => new Uint8Array([...b, ...new Array(16).fill(0)]);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('consultation files in the browser (#15)', () => {
  it('reads the type from the bytes, not the name', () => {
    expect(sniff(bytes(0xff, 0xd8, 0xff, 0xe0))).toEqual({ kind: 'image', contentType: 'image/jpeg' });
    expect(sniff(bytes(0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a))).toEqual({ kind: 'image', contentType: 'image/png' });
    expect(sniff(bytes(...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBPVP8 ')))).toEqual({ kind: 'image', contentType: 'image/webp' });
    expect(sniff(bytes(...ascii('%PDF-1.7')))).toEqual({ kind: 'pdf', contentType: 'application/pdf' });
    expect(sniff(bytes(...ascii('hello, not a pdf')))).toBeNull();
  });

  it('admits up to 5 images or 1 PDF, never both, within the size caps', () => {
    const img = (name: string, size = 1000) => ({ name, size, kind: 'image' as const });
    const pdf = (name: string, size = 1000) => ({ name, size, kind: 'pdf' as const });
    const six = admitFiles([], ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => img(n)));
    expect(six.accepted).toEqual([0, 1, 2, 3, 4]);
    expect(six.errors).toHaveLength(1);
    expect(admitFiles([{ kind: 'image' }], [pdf('x.pdf')]).accepted).toEqual([]);
    expect(admitFiles([{ kind: 'pdf' }], [img('y.jpg')]).accepted).toEqual([]);
    expect(admitFiles([], [pdf('x.pdf'), pdf('z.pdf')]).accepted).toEqual([0]);
    expect(admitFiles([], [img('big.jpg', MAX_IMAGE_FILE_BYTES + 1), pdf('big.pdf', MAX_PDF_BYTES + 1)]).accepted).toEqual([]);
    expect(admitFiles([], [img('ok.jpg', MAX_IMAGE_FILE_BYTES)]).accepted).toEqual([0]);
    const refused = admitFiles([], [{ name: 'notes.txt', size: 10, kind: null }, img('empty.png', 0)]);
    expect(refused.accepted).toEqual([]);
    expect(refused.errors[0]).toContain('notes.txt');
  });

  it('admits exactly the sets of files the api stores (one rule, `fileRefusal`, asked by both)', async () => {
    const chunk = (type: string, body: number[]) => [0, 0, 0, body.length, ...ascii(type), ...body, 0, 0, 0, 0];
    const png = Uint8Array.from([0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a, ...chunk('IHDR', new Array(13).fill(1)), ...chunk('IEND', [])]);
    const pdf = Uint8Array.from(ascii('%PDF-1.4\n%%EOF\n'));
    const txt = Uint8Array.from(ascii('not a prescription'));
    const sets: Uint8Array<ArrayBuffer>[][] = [[png], [pdf], [png, png, png, png, png], [png, png, png, png, png, png], [pdf, pdf], [png, pdf], [pdf, png], [txt], [new Uint8Array()], []];
    const outcomes: boolean[] = [];
    for (const set of sets) {
      const files = set.map((b, i) => new File([b], `f${i}`));
      const form = admitFiles([], files.map((f, i) => ({ name: f.name, size: f.size, kind: sniff(set[i]!)?.kind ?? null })));
      const stored = await prepareFiles(files).then(() => true, () => false);
      expect(form.accepted.length === set.length, `${set.length} files`).toBe(stored);
      outcomes.push(stored);
    }
    expect(outcomes).toEqual([true, true, true, false, false, false, false, false, false, true]);
  });
});
