import { applyDayEdits, parseHolidayFile, planYearImport, type ImportedDay } from '../../../domain/calendar/holiday-import';
import { shanghai } from './fixtures';

const { version: _v, ...calendar } = shanghai;

const days = (content: string, year = 2027): readonly ImportedDay[] => {
  const parsed = parseHolidayFile(content, year, calendar);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.days;
};
const issues = (content: string, year = 2027) => {
  const parsed = parseHolidayFile(content, year, calendar);
  return parsed.ok ? [] : parsed.issues;
};

describe('parseHolidayFile: CSV', () => {
  it('reads date,type,name with a header, comments, blank lines and names holding commas', () => {
    const csv = 'date,type,name\n# New Year\n2027-01-01,holiday,元旦\n\n2027-01-09,workday,"make-up, for New Year"\r\n';
    expect(days(csv)).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦', line: 3 },
      { date: '2027-01-09', kind: 'workday', name: 'make-up, for New Year', line: 5 },
    ]);
  });

  it('reports every bad line with its number: bad dates and types, other years, duplicates, a day both ways, a make-up day the week works', () => {
    const csv = ['date,type,name', '2027-02-30,holiday,x', '2027-01-01,rest,x', '2026-12-31,holiday,x', '2027-01-01,holiday,a', '2027-01-01,holiday,b', '2027-01-02,holiday,c', '2027-01-02,workday,d', '2027-01-04,workday,e'].join('\n');
    expect(issues(csv)).toEqual([
      { line: 2, message: '"2027-02-30" is not a date as YYYY-MM-DD' },
      { line: 3, message: 'type "rest" is neither holiday nor workday' },
      { line: 4, message: '2026-12-31 is outside 2027' },
      { line: 6, message: '2027-01-01 is listed twice (also line 5)' },
      { line: 8, message: '2027-01-02 is both a holiday and a workday (also line 7)' },
      { line: 9, message: '2027-01-04 is a mon, which the week already works: it cannot be a make-up workday' },
    ]);
  });

  it('refuses a file without a day', () => {
    expect(issues('date,type,name\n')).toEqual([{ line: 1, message: 'the file lists no day' }]);
  });
});

describe('parseHolidayFile: iCalendar', () => {
  const ics = (events: string): string => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${events}END:VCALENDAR\r\n`;

  it('expands DTSTART..DTEND (exclusive) and takes 调休/班/workday events as make-up workdays; folded lines are joined', () => {
    const file = ics(
      'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270104\r\nSUMMARY:元旦\r\nEND:VEVENT\r\n' +
        'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270109\r\nSUMMARY:元旦 调\r\n 休上班\r\nEND:VEVENT\r\n' +
        'BEGIN:VEVENT\r\nDTSTART:20270206T000000Z\r\nDTEND:20270207T000000Z\r\nSUMMARY:Spring Festival workday\r\nEND:VEVENT\r\n',
    );
    expect(days(file).map((d) => [d.date, d.kind, d.line])).toEqual([
      ['2027-01-01', 'holiday', 4],
      ['2027-01-02', 'holiday', 4],
      ['2027-01-03', 'holiday', 4],
      ['2027-01-09', 'workday', 9],
      ['2027-02-06', 'workday', 14],
    ]);
    expect(days(file)[3]!.name).toBe('元旦 调休上班');
  });

  it('reports an event without DTSTART, an end before its start, and a range into the next year', () => {
    const file = ics(
      'BEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\n' +
        'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270105\r\nDTEND;VALUE=DATE:20270105\r\nEND:VEVENT\r\n' +
        'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20271231\r\nDTEND;VALUE=DATE:20280102\r\nEND:VEVENT\r\n',
    );
    expect(issues(file)).toEqual([
      { line: 3, message: 'the event has no DTSTART' },
      { line: 8, message: 'DTEND must come after DTSTART' },
      { line: 11, message: '2028-01-01 is outside 2027' },
    ]);
  });
});

describe('planYearImport', () => {
  it("replaces only the year's days, keeps other years, and says what is added and removed", () => {
    const base = { ...calendar, holidays: ['2026-10-01', '2027-01-01', '2027-05-01'], makeUpWorkdays: [{ date: '2026-10-10' }, { date: '2027-01-09', hours: [{ start: '09:00', end: '12:00' }] }, { date: '2027-05-08' }] };
    const plan = planYearImport(base, 2027, days('2027-01-01,holiday,a\n2027-01-04,holiday,b\n2027-01-09,workday,c\n2027-01-10,workday,d'));
    expect(plan.calendar.holidays).toEqual(['2026-10-01', '2027-01-01', '2027-01-04']);
    expect(plan.calendar.makeUpWorkdays).toEqual([{ date: '2026-10-10' }, { date: '2027-01-09', hours: [{ start: '09:00', end: '12:00' }] }, { date: '2027-01-10' }]);
    expect(plan.holidays).toEqual({ added: ['2027-01-04'], removed: ['2027-05-01'] });
    expect(plan.makeUpWorkdays).toEqual({ added: ['2027-01-10'], removed: ['2027-05-08'] });
  });
});

describe('applyDayEdits', () => {
  it('moves a day between holiday, make-up workday and the weekly rule', () => {
    const edited = applyDayEdits(calendar, [
      { date: '2026-11-02', kind: 'holiday' },
      { date: '2026-10-10', kind: 'holiday' },
      { date: '2026-10-01', kind: 'normal' },
      { date: '2026-11-07', kind: 'workday' },
    ]);
    expect(edited.holidays).toEqual(['2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-10', '2026-11-02']);
    expect(edited.makeUpWorkdays).toEqual([{ date: '2026-09-27' }, { date: '2026-11-07' }]);
  });
});
