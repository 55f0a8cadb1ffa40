import { describe, expect, it } from 'vitest';
import { isHoliday } from '../../../src/domain/cadence/holidays';

describe('isHoliday', () => {
  it('names public holidays in English', () => {
    expect(isHoliday('2024-12-25', 'US')).toBe('Christmas Day');
    expect(isHoliday('2025-10-03', 'DE')).toBe('National Holiday');
    expect(isHoliday('2025-01-13', 'JP')).toBe('Coming of Age Day');
    expect(isHoliday('2025-04-25', 'Australia')).toBe('Anzac Day');
  });

  it('ignores observances and bank-only days', () => {
    expect(isHoliday('2025-02-14', 'DE')).toBeNull(); // Valentine's Day is an observance
    expect(isHoliday('2025-12-31', 'JP')).toBeNull(); // bank holiday only
    expect(isHoliday('2025-03-04', 'BR')).toBeNull(); // Carnival is optional / bank
  });

  it('applies state holidays when the region is known', () => {
    expect(isHoliday('2024-03-31', 'US')).toBeNull();
    expect(isHoliday('2024-04-01', 'US', 'CA')).toContain('César Chávez');
    expect(isHoliday('2024-04-01', 'US', 'California')).toContain('César Chávez');
  });

  it('covers every day of a multi-day holiday', () => {
    // Eid al-Fitr in the UAE spans several days.
    const first = isHoliday('2025-03-30', 'AE');
    expect(first).not.toBeNull();
    expect(isHoliday('2025-03-31', 'AE')).toBe(first);
  });

  it('returns null for ordinary days and unknown countries', () => {
    expect(isHoliday('2024-12-27', 'US')).toBeNull();
    expect(isHoliday('2024-12-25', 'XX')).toBeNull();
    expect(isHoliday('2024-12-25', undefined)).toBeNull();
    expect(isHoliday('2024-12-25', 'Narnia')).toBeNull();
  });
});
