import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/errors';
import { buildMatch, corrections, editDistance, fuzzyCandidatesWanted, parseQuery, phrases, tokenize } from '../src/search/query';

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
    expect(buildMatch(['thuoc', 'ha', 'sot'], { prefixLast: true })).toEqual({
      all: '"thuoc" AND "ha" AND ("sot" OR "sot"*)',
      any: '"thuoc" OR "ha" OR ("sot" OR "sot"*) OR "thuoc ha sot"',
    });
  });

  it('adds corrections and synonyms as alternatives', () => {
    const m = buildMatch(['vit', 'c', 'paracetamon'], {
      prefixLast: false,
      corrections: new Map([['paracetamon', ['paracetamol']]]),
      synonyms: new Map([['vit c', ['vitamin c']]]),
    });
    expect(m.all).toBe('((("vit") AND ("c")) OR "vitamin c") AND ("paracetamon" OR "paracetamol")');
  });

  it('lists the phrases synonyms are looked up for', () => {
    expect(phrases(['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'a b', 'b c', 'a b c']);
  });
});
