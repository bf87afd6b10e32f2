import type { RecordValues } from './record-parser';
import { SUBSCRIBER_STATUS } from './record-layouts';

const isClosed = (line: RecordValues): boolean => SUBSCRIBER_STATUS[line['status'] as keyof typeof SUBSCRIBER_STATUS] === 'closed';

/**
 * The 00201 line that has `phone` now, among the lines that ever had it: one that is still open
 * before a closed one that had the number earlier, then the most recently updated. Undefined
 * when no line has the number any more (each changed to another number).
 */
export function currentLineOf<T extends RecordValues>(lines: readonly T[], phone: string): T | undefined {
  return lines
    .filter((line) => line['svcNum'] === phone)
    .sort((a, b) => Number(isClosed(a)) - Number(isClosed(b)) || String(b['updateTime']).localeCompare(String(a['updateTime'])))[0];
}
