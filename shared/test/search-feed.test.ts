/**
 * #16 search sync feed: the migration holds exactly the trigger SQL generated from the rule (feed-sql.ts), and the
 * product document folds text with the shared functions and prices a sale inside its window only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exactWords, foldedWords, FOREVER, priceIntervals } from '../src/search/elastic-doc';
import { availabilityFeedTriggers, searchFeedTriggers } from '../src/search/feed-sql';
import { tokenize } from '../src/search/query';

describe('search feed triggers', () => {
  it('migrations 0026 and 0037 (which re-creates the products trigger) hold every generated trigger, verbatim, and no other', () => {
    const triggers = (file: string) =>
      readFileSync(new URL(`../../migrations/${file}`, import.meta.url), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('CREATE TRIGGER'));
    const latest = new Map(triggers('0026_search_sync.sql').map((t) => [t.split(' ')[2], t]));
    for (const t of triggers('0037_search_feed_ratings.sql')) latest.set(t.split(' ')[2], t);
    expect([...latest.values()]).toEqual(searchFeedTriggers());
  });

  it('migrations/0028_search_feed_stock.sql holds the generated stock-flip triggers, verbatim', () => {
    const sql = readFileSync(new URL('../../migrations/0028_search_feed_stock.sql', import.meta.url), 'utf8');
    expect(sql.split('\n').filter((l) => l.startsWith('CREATE TRIGGER'))).toEqual(availabilityFeedTriggers());
  });
});

describe('search document', () => {
  it('folds like the query tokenizer (accents, đ, punctuation) and keeps accent-exact words apart', () => {
    const text = 'Đau đầu, sốt (Paracetamol 500mg) — dầu gió';
    // The query's own tokenizer reads the same words (it caps a query at 12 tokens; this text has 7).
    expect(foldedWords(text)).toEqual(tokenize(text));
    expect(foldedWords(text)).toEqual(['dau', 'dau', 'sot', 'paracetamol', '500mg', 'dau', 'gio']);
    expect(exactWords('Đau đầu dầu')).toEqual(['d9au', 'd9a62u', 'da62u']);
  });

  it('prices a sale only inside its window (start inclusive, end exclusive), and not an invalid sale', () => {
    expect(priceIntervals({ price: 100, salePrice: null, saleStartsAt: null, saleEndsAt: null })).toEqual([{ from: 0, to: FOREVER, value: 100 }]);
    expect(priceIntervals({ price: 100, salePrice: 80, saleStartsAt: 10, saleEndsAt: 20 })).toEqual([
      { from: 0, to: 10, value: 100 },
      { from: 10, to: 20, value: 80 },
      { from: 20, to: FOREVER, value: 100 },
    ]);
    expect(priceIntervals({ price: 100, salePrice: 120, saleStartsAt: null, saleEndsAt: null })).toEqual([{ from: 0, to: FOREVER, value: 100 }]);
  });
});
