import { CallRule, defaultRule, ruleBook } from '../../../peers/telephony/rules';

describe("the telephony peer's rules", () => {
  it.each([
    ['+8613800000001', 'busy', ''],
    ['+8613800000002', 'no-answer', ''],
    ['+8613800000003', 'invalid-number', ''],
    ['+8613800000004', 'fax', ''],
    ['+8613800000005', 'answered', '1'],
    ['+8613800000006', 'answered', '5'],
    ['+8613800000009', 'ring-forever', ''],
    ['+8613800000000', 'answered', ''],
    ['+8613800000007', 'answered', ''],
  ])('by default, %s ends %s (keys %p)', (number, outcome, dtmf) => {
    expect(defaultRule(number)).toMatchObject({ outcome, dtmf });
  });

  it('a rule set for a number wins over the default until reset', () => {
    // given a book with a rule for one number
    const book = ruleBook();
    book.set('+8613800000001', CallRule.parse({ outcome: 'answered', dtmf: '9' }));

    // then that number follows it, others keep their defaults, and a reset restores the defaults
    expect(book.ruleFor('+8613800000001')).toMatchObject({ outcome: 'answered', dtmf: '9' });
    expect(book.ruleFor('+8613800000011')).toMatchObject({ outcome: 'busy' });
    book.reset();
    expect(book.ruleFor('+8613800000001')).toMatchObject({ outcome: 'busy' });
  });

  it('refuses keys a phone does not have', () => {
    expect(CallRule.safeParse({ outcome: 'answered', dtmf: '12a' }).success).toBe(false);
  });
});
