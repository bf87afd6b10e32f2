import { parseBatchFileName } from '../../../domain/subscriber/batch-file-name';
import { maskPersonal, parseCorrectionValues, seesInFull, UNCORRECTABLE_FIELDS } from '../../../domain/subscriber/customer';
import type { Principal } from '../../../domain/identity/principal';
import { badRecordLine, rightReceipt } from '../../../domain/subscriber/receipt';

const as = (...roles: Principal['roles']): Principal => ({ kind: 'user', id: 'u', employeeId: 'u', displayName: 'u', roles, unitId: 'center', departmentId: null, departments: 'all' });

describe('batch file names', () => {
  it('reads code, cut time and sequence', () => {
    expect(parseBatchFileName('CS00201202611210200-.AVL')).toEqual({ fileName: 'CS00201202611210200-.AVL', code: '00201', cutAt: '202611210200', sequence: '-' });
    expect(parseBatchFileName('CS0030120261121020003.AVL')).toMatchObject({ code: '00301', sequence: '03' });
  });

  it.each(['CS00201202611210200.AVL', 'CS00201202611210200-.avl', 'CS0020120261121020000.AVL', 'subscribers.csv'])('refuses %s', (name) => {
    expect(parseBatchFileName(name)).toHaveProperty('error');
  });

  it('refuses interfaces the store does not load', () => {
    expect(parseBatchFileName('CS00601202611210200-.AVL')).toEqual({ error: expect.stringContaining('interface 00601') });
  });
});

describe('receipts', () => {
  it('say the counts of a file read to its end', () => {
    const receipt = rightReceipt({ fileName: 'CS00201202611210200-.AVL', checksum: 'ab', records: 3, applied: 2, unchanged: 0, bad: 1, finishedAt: new Date('2026-11-21T02:00:00Z') });
    expect(receipt).toBe('FILE=CS00201202611210200-.AVL\nRESULT=RIGHT\nCHECKSUM=ab\nRECORDS=3\nAPPLIED=2\nUNCHANGED=0\nBAD=1\nFINISHED=2026-11-21T02:00:00.000Z\n');
  });

  it('list a damaged record with its line number, reasons and content', () => {
    expect(badRecordLine(7, ['A: missing', 'B: not a|b'], 'raw')).toBe('7|A: missing; B: not a/b|raw\n');
  });
});

describe('customer data', () => {
  it('masks personal data by role: agents see contact details, not certificates', () => {
    expect(seesInFull(as('agent'), 'phone')).toBe(true);
    expect(seesInFull(as('agent'), 'certificate')).toBe(false);
    expect(seesInFull(as('handler'), 'address')).toBe(false);
    expect(seesInFull(as('supervisor'), 'certificate')).toBe(true);
    expect(maskPersonal('certificate', '310101199001011234')).toBe('**************1234');
    expect(maskPersonal('email', 'zhang@example.cn')).toBe('z***@example.cn');
  });

  it('lets the center correct contact details only', () => {
    expect(UNCORRECTABLE_FIELDS).toEqual(expect.arrayContaining(['name', 'certType', 'certNumber', 'credit', 'group', 'level', 'status']));
    expect(UNCORRECTABLE_FIELDS).not.toContain('email');
    expect(parseCorrectionValues({ email: 'a@b.cn', contactPerson: ' 李雷 ' })).toEqual({ email: 'a@b.cn', contactPerson: '李雷' });
    expect(() => parseCorrectionValues({ nickname: 'x' })).toThrow();
  });
});
