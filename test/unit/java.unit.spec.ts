import { parseJavaMajor } from '../../runtime/java';

describe('java -version', () => {
  it.each([
    ['openjdk version "25.0.3" 2026-04-21 LTS', 25],
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_402"', 8],
  ])('reads the major version of %s', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });

  it('says nothing for output it does not know', () => {
    expect(parseJavaMajor('command not found')).toBeUndefined();
  });
});
