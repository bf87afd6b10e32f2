import { normalizePhone } from '../../../domain/outreach/phone-number';

describe('phone numbers in national form', () => {
  it('keeps mobile and fixed-line numbers as they are dialled', () => {
    expect(normalizePhone('13912345678')).toBe('13912345678');
    expect(normalizePhone('02188886666')).toBe('02188886666');
    expect(normalizePhone('01088886666')).toBe('01088886666');
    expect(normalizePhone('057188886666')).toBe('057188886666');
    expect(normalizePhone('07551234567')).toBe('07551234567');
  });

  it('drops separators, full-width characters and a spreadsheet\'s trailing .0', () => {
    expect(normalizePhone(' 139-1234-5678 ')).toBe('13912345678');
    expect(normalizePhone('139 1234 5678')).toBe('13912345678');
    expect(normalizePhone('(021) 8888.6666')).toBe('02188886666');
    expect(normalizePhone('１３９１２３４５６７８')).toBe('13912345678');
    expect(normalizePhone('139\u300012345678')).toBe('13912345678');
    expect(normalizePhone('13912345678.0')).toBe('13912345678');
  });

  it('drops the country code and gives a fixed line its trunk 0 back', () => {
    expect(normalizePhone('+86 139 1234 5678')).toBe('13912345678');
    expect(normalizePhone('＋86-13912345678')).toBe('13912345678');
    expect(normalizePhone('008613912345678')).toBe('13912345678');
    expect(normalizePhone('8613912345678')).toBe('13912345678');
    expect(normalizePhone('+86 21 8888 6666')).toBe('02188886666');
    expect(normalizePhone('+86 (0)10 8888 6666')).toBe('01088886666');
    expect(normalizePhone('0086 571 8888 6666')).toBe('057188886666');
  });

  it('drops a trunk 0 written before a mobile number', () => {
    expect(normalizePhone('013912345678')).toBe('13912345678');
  });

  it('refuses what an outbound campaign cannot call', () => {
    for (const raw of ['', '   ', 'n/a', '88886666', '1391234567', '139123456789', '12912345678', '+1 212 555 0100', '4008123456', '95588', '1.39123E+10', '021-88886666-123', '0201234567', '+8602012']) {
      expect([raw, normalizePhone(raw)]).toEqual([raw, undefined]);
    }
  });
});
