import { PhoneSet } from '../../../domain/outreach/phone-set';

describe('the compact set of phone numbers', () => {
  it('answers membership and tells a new number from one seen before', () => {
    const set = new PhoneSet();
    expect(set.add('13912345678')).toBe(true);
    expect(set.add('13912345678')).toBe(false);
    expect(set.add('02188886666')).toBe(true);
    expect(set.has('13912345678')).toBe(true);
    expect(set.has('2188886666')).toBe(false);
    expect(set.has('13912345679')).toBe(false);
    expect(set.size).toBe(2);
  });

  it('keeps a leading zero apart from the number without it', () => {
    const set = new PhoneSet();
    set.add('01088886666');
    expect(set.has('1088886666')).toBe(false);
  });

  it('grows past its first size and loses nothing', () => {
    const set = new PhoneSet(16);
    const numbers = Array.from({ length: 100_000 }, (_, i) => `139${String(i * 7).padStart(8, '0')}`);
    numbers.forEach((n) => set.add(n));
    expect(set.size).toBe(100_000);
    expect(numbers.filter((n) => !set.has(n))).toEqual([]);
    expect(set.has('13900000001')).toBe(false);
  });

  it('refuses anything but a number in national form', () => {
    expect(() => new PhoneSet().add('+8613912345678')).toThrow(RangeError);
  });
});
