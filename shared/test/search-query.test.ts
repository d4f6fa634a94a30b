import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/errors';
import { buildMatch, projectMatch, corrections, correctableInitials, editDistance, EXACT_COLUMNS, exactTokens, FOLDED_COLUMNS, fuzzyCandidatesWanted, parseQuery, phrases, searchPrefixLast, synonymsFor, tokenize } from '../src/search/query';
import { accentExact, ACCENT_CODES } from '../src/text';

const F = `${FOLDED_COLUMNS} : `;
const X = `${EXACT_COLUMNS} : `;

describe('tokenize / parseQuery', () => {
  it('folds accents and đ, and keeps only letters and digits', () => {
    expect(tokenize('Thuốc HẠ SỐT')).toEqual(['thuoc', 'ha', 'sot']);
    expect(tokenize('Đau đầu')).toEqual(['dau', 'dau']);
    expect(tokenize('vitamin-C 500mg')).toEqual(['vitamin', 'c', '500mg']);
  });

  it.each(['"', '*', 'NEAR(a b)', '-', 'a:b', '^', '(', ')', "'; DROP TABLE products; --"])('neutralises FTS/SQL syntax in %s', (q) => {
    for (const t of tokenize(q)) expect(t).toMatch(/^[a-z0-9]+$/);
  });

  it('answers empty, too short and too long queries with clear codes', () => {
    const code = (q: string | undefined) => {
      try {
        parseQuery(q);
        return 'ok';
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).code;
      }
    };
    expect(code(undefined)).toBe('QUERY_TOO_SHORT');
    expect(code('   ')).toBe('QUERY_TOO_SHORT');
    expect(code('a')).toBe('QUERY_TOO_SHORT');
    expect(code('"*-')).toBe('QUERY_TOO_SHORT');
    expect(code('x'.repeat(500))).toBe('QUERY_TOO_LONG');
    expect(code('ho')).toBe('ok');
  });

  it('caps the number of tokens', () => {
    expect(tokenize(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))).toHaveLength(12);
  });
});

describe('editDistance', () => {
  it.each([
    ['amoxicilin', 'amoxicillin', 1],
    ['paracetamon', 'paracetamol', 1],
    ['metfomin', 'metformin', 1],
    ['paracetmaol', 'paracetamol', 1],
    ['abc', 'abc', 0],
    ['kitten', 'sitting', 3],
  ])('%s ↔ %s = %i (capped at 2+1)', (a, b, d) => {
    expect(editDistance(a, b)).toBe(Math.min(d, 3));
  });
});

describe('corrections', () => {
  const vocab = [
    { term: 'paracetamol', doc: 80 },
    { term: 'paracetamil', doc: 1 },
    { term: 'metformin', doc: 9 },
    { term: 'dau', doc: 400 },
    { term: 'amoxicillin', doc: 3 },
  ];
  it('corrects 5+ letter words that are not indexed, preferring common terms', () => {
    const c = corrections(['paracetamon', 'metfomin', 'amoxicilin'], vocab);
    expect(c.get('paracetamon')).toEqual(['paracetamol']);
    expect(c.get('metfomin')).toEqual(['metformin']);
    expect(c.get('amoxicilin')).toEqual(['amoxicillin']);
  });

  it('never corrects indexed words or short words', () => {
    const c = corrections(['paracetamol', 'dao', 'dau'], vocab);
    expect(c.size).toBe(0);
  });

  it('asks the vocabulary only for the window a token could be corrected into', () => {
    expect(fuzzyCandidatesWanted(['ho', 'metfomin', '500mg'])).toEqual([{ token: 'metfomin', from: 'm', to: 'n', minLen: 7, maxLen: 9 }]);
  });
});

describe('buildMatch', () => {
  it('quotes every token, matches the last one as a prefix too, and boosts the phrase', () => {
    expect(buildMatch(['thuoc', 'ha', 'sot'], { prefixLast: true })).toMatchObject({
      all: `(${F}("thuoc") OR ${F}"thuoc ha sot") AND ${F}("ha") AND ${F}("sot" OR "sot"*)`,
      any: `${F}("thuoc") OR ${F}("ha") OR ${F}("sot" OR "sot"*) OR ${F}"thuoc ha sot"`,
      phrase: `${F}"thuoc ha sot"`,
    });
  });

  it('a submitted search matches a 1–2 letter last word as a whole word only, a 3+ letter one as a prefix too (#16, ADR 0042)', () => {
    const submitted = (q: string) => {
      const tokens = tokenize(q);
      return buildMatch(tokens, { prefixLast: searchPrefixLast(tokens) }).all;
    };
    // "vitamin c" no longer matches every word starting with c (các, cho, có…), nor "cho bé" bệnh/bên/béo.
    expect(submitted('vitamin c')).toBe(`(${F}("vitamin") OR ${F}"vitamin c") AND ${F}("c")`);
    expect(submitted('siro ho')).toBe(`(${F}("siro") OR ${F}"siro ho") AND ${F}("ho")`);
    expect(submitted('cho bé')).not.toContain('*');
    expect(submitted('thuoc ha sot')).toContain(`("sot" OR "sot"*)`);
    expect(submitted('paracet')).toBe(`${F}("paracet" OR "paracet"*)`);
    // Autocomplete (the word being typed) keeps every prefix.
    expect(buildMatch(['vitamin', 'c'], { prefixLast: true }).all).toContain('"c"*');
  });

  it('adds corrections (like the word itself) and synonyms as alternatives', () => {
    const m = buildMatch(['vit', 'c', 'paracetamon'], {
      prefixLast: true,
      corrections: new Map([['paracetamon', ['paracetamol']]]),
      synonyms: new Map([['vit c', ['vitamin c']]]),
    });
    expect(m.all).toBe(`((((${F}("vit")) AND (${F}("c"))) OR ${F}("vitamin c")) OR ${F}("vit c paracetamon" OR "vit c paracetamol")) AND ${F}("paracetamon" OR "paracetamon"* OR "paracetamol" OR "paracetamol"*)`);
  });

  it('boosts the corrected phrase too, so a corrected query ranks like the correct one (#16)', () => {
    const m = buildMatch(['vitamn', 'c'], { prefixLast: true, corrections: new Map([['vitamn', ['vitamin']]]) });
    expect(m.phrase).toBe(`${F}("vitamn c" OR "vitamin c")`);
    expect(m.all).toBe(`(${F}("vitamn" OR "vitamin") OR ${F}("vitamn c" OR "vitamin c")) AND ${F}("c"*)`);
    // Without corrections the phrase stays a single quoted phrase.
    expect(buildMatch(['vitamin', 'c'], { prefixLast: true }).phrase).toBe(`${F}"vitamin c"`);
  });

  it('matches words typed with marks accent-exact, and others folded, never both (#12 item 22)', () => {
    const m = buildMatch(['dau', 'dau'], { prefixLast: true, exact: ['d9au', 'd9a62u'], synonyms: new Map([['dau dau', ['nhuc dau']]]) });
    expect(m.all).toBe(`((((${X}("d9au")) AND (${X}("d9a62u" OR "d9a62u"*))) OR ${F}("nhuc dau")) OR ${X}"d9au d9a62u")`);
    expect(m.phrase).toBe(`${X}"d9au d9a62u"`);
    // A marked word the index does not hold matches folded; mixed queries get no phrase (it must imply the first group).
    const mixed = buildMatch(['nghet', 'mui'], { prefixLast: true, exact: ['nghe65t', null] });
    expect(mixed.all).toBe(`${X}("nghe65t") AND ${F}("mui" OR "mui"*)`);
    expect(mixed.phrase).toBeNull();
  });

  it('over the split index (#16, ADR 0042): one table without column filters when every word reads it, else a tree of both', () => {
    // Typed without marks: the folded table only, the same expression without column sets.
    expect(buildMatch(['thuoc', 'ha', 'sot'], { prefixLast: true }).split).toEqual({
      all: { table: 'folded', fts: `((("thuoc") OR "thuoc ha sot") AND ("ha") AND ("sot" OR "sot"*))` },
      any: { table: 'folded', fts: `(("thuoc") OR ("ha") OR ("sot" OR "sot"*) OR "thuoc ha sot")` },
      phrase: { table: 'folded', fts: `"thuoc ha sot"` },
      score: { folded: { all: `((("thuoc") OR "thuoc ha sot") AND ("ha") AND ("sot" OR "sot"*))`, any: `(("thuoc") OR ("ha") OR ("sot" OR "sot"*) OR "thuoc ha sot")` } },
    });
    // Typed with marks, every word known: the accent-exact table only.
    expect(buildMatch(['dau', 'dau'], { prefixLast: true, exact: ['d9au', 'd9a62u'] }).split.all).toEqual({ table: 'exact', fts: `((("d9au") OR "d9au d9a62u") AND ("d9a62u" OR "d9a62u"*))` });
    // Marked words with a folded synonym: both tables, combined by rowid sets; the rank sums each table's phrases.
    const syn = buildMatch(['dau', 'dau'], { prefixLast: true, exact: ['d9au', 'd9a62u'], synonyms: new Map([['dau dau', ['nhuc dau']]]) }).split;
    expect(syn.all).toEqual({ op: 'OR', parts: [{ table: 'exact', fts: `((("d9au") AND ("d9a62u" OR "d9a62u"*)) OR "d9au d9a62u")` }, { table: 'folded', fts: `("nhuc dau")` }] });
    // Each table ranks its own part of the expression.
    expect(syn.score.exact?.all).toBe(`((("d9au") AND ("d9a62u" OR "d9a62u"*)) OR "d9au d9a62u")`);
    expect(syn.score.folded?.all).toBe(`("nhuc dau")`);
    // A marked word the index does not hold reads the folded table beside the accent-exact one.
    expect(buildMatch(['nghet', 'mui'], { prefixLast: true, exact: ['nghe65t', null] }).split.all).toEqual({
      op: 'AND',
      parts: [{ table: 'exact', fts: `("nghe65t")` }, { table: 'folded', fts: `("mui" OR "mui"*)` }],
    });
    expect(projectMatch({ op: 'AND', parts: [{ op: 'OR', parts: [{ table: 'exact', fts: 'A' }, { table: 'folded', fts: 'B' }] }, { table: 'exact', fts: 'C' }] }, 'exact')).toBe('(A AND C)');
  });

  it('lists the phrases synonyms are looked up for', () => {
    expect(phrases(['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'a b', 'b c', 'a b c']);
  });
});

describe('accent-exact tokens (#12 item 22)', () => {
  it('writes each marked letter as base letter + digits, so words that fold alike stay apart', () => {
    expect(accentExact('Đau đầu')).toBe('d9au d9a62u');
    expect(accentExact('dầu')).toBe('da62u');
    expect(accentExact('Hạ SỐT trẻ em')).toBe('ha5 so61t tre3 em');
    expect(new Set(ACCENT_CODES.map(([, code]) => code)).size).toBe(67);
  });

  it('gives accent-exact tokens only for queries typed with marks, aligned with the folded tokens', () => {
    expect(exactTokens('dau dau')).toBeNull();
    expect(exactTokens('Đau đầu')).toEqual(['d9au', 'd9a62u']);
    expect(exactTokens('ho trẻ em')).toEqual(['ho', 'tre3', 'em']);
    expect(tokenize('ho trẻ em')).toEqual(['ho', 'tre', 'em']);
  });
});

describe('synonyms of corrected phrases (#12 item 23)', () => {
  it('gives a corrected word the synonyms of its correct spelling', () => {
    const rows = [{ term: 'paracetamol', synonym: 'panadol' }, { term: 'tieu duong', synonym: 'dai thao duong' }];
    const syn = synonymsFor(['paracetamon'], new Map([['paracetamon', ['paracetamol']]]), rows);
    expect(syn.get('paracetamon')).toEqual(['panadol']);
    expect(synonymsFor(['tieu', 'duongg'], new Map([['duongg', ['duong']]]), rows).get('tieu duongg')).toEqual(['dai thao duong']);
    expect(correctableInitials(['tieu', 'duongg'])).toEqual(['t', 'd']);
  });
});
