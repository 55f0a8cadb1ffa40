import { describe, expect, it } from 'vitest';
import {
  decodeSearchCursor,
  encodeSearchCursor,
  modifiedAt,
  nextSearchCursor,
  searchRequest,
} from '../../../../connectors/hubspot/pull-search';

const facts = (over: Partial<Parameters<typeof nextSearchCursor>[1]> = {}) => ({
  count: 200,
  total: 500,
  nextAfter: '200',
  lastModified: 2000,
  lastId: '77',
  ...over,
});

describe('search planning', () => {
  it('asks for changes at or after the window start, oldest first, 200 a page', () => {
    const body = searchRequest('deals', { from: 1000, after: 0 }, ['dealstage']);
    expect(body).toEqual({
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: '1000' }] }],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      properties: ['dealstage'],
      limit: 200,
    });
    expect(searchRequest('contacts', { from: 1, after: 400 }, []).after).toBe('400');
  });

  it('pages on below the cap and stops when the window is exhausted', () => {
    expect(nextSearchCursor({ from: 1000, after: 0 }, facts())).toEqual({ from: 1000, after: 200 });
    expect(nextSearchCursor({ from: 1000, after: 400 }, facts({ count: 100, nextAfter: null }))).toBeNull();
  });

  it('at the cap narrows to the last modification time seen instead of paging past it', () => {
    const cap = 400;
    const cursor = { from: 1000, after: 200 };
    expect(nextSearchCursor(cursor, facts({ nextAfter: '400', total: 900 }), cap)).toEqual({
      from: 2000,
      after: 0,
    });
    // The fake (and HubSpot) may simply stop giving a next page at the cap.
    expect(nextSearchCursor(cursor, facts({ nextAfter: null, total: 900 }), cap)).toEqual({
      from: 2000,
      after: 0,
    });
  });

  it('splits one crowded instant by id when narrowing would not move', () => {
    const next = nextSearchCursor({ from: 2000, after: 200 }, facts({ nextAfter: null, total: 900 }), 400);
    expect(next).toEqual({ from: 2000, after: 0, afterId: '77' });
    expect(searchRequest('contacts', next!, []).filterGroups).toEqual([
      { filters: [{ propertyName: 'lastmodifieddate', operator: 'GT', value: '2000' }] },
      {
        filters: [
          { propertyName: 'lastmodifieddate', operator: 'EQ', value: '2000' },
          { propertyName: 'hs_object_id', operator: 'GT', value: '77' },
        ],
      },
    ]);
  });

  it('cursors round-trip through text; junk decodes to null; dates parse as ISO or epoch ms', () => {
    const c = { from: 5, after: 200, afterId: '9' };
    expect(decodeSearchCursor(encodeSearchCursor(c))).toEqual(c);
    expect(decodeSearchCursor('{"from":"x"}')).toBeNull();
    expect(decodeSearchCursor('nope')).toBeNull();
    expect(modifiedAt('2026-03-02T14:00:00.000Z')).toBe(Date.parse('2026-03-02T14:00:00Z'));
    expect(modifiedAt('1700000000000')).toBe(1_700_000_000_000);
    expect(modifiedAt('soon')).toBeNull();
  });
});
