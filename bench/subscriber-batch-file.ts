import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { formatRecord } from '../domain/subscriber/record-parser';
import { RECORD_LAYOUTS } from '../domain/subscriber/record-layouts';

/**
 * Writes a 00201 (subscriber) batch file of `count` records, streamed: subscriber ids from
 * `firstId`, three lines per customer, mobile numbers 139xxxxxxxx, every tenth line suspended.
 */
export async function writeSubscriberFile(file: string, count: number, firstId = 1): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const layout = RECORD_LAYOUTS['00201'];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const n = firstId + i;
    const line =
      formatRecord(layout, {
        subscriberId: n,
        areaId: '021',
        custId: 1_000_000 + Math.floor(n / 3),
        svcNum: `139${String(n).padStart(8, '0')}`,
        service: 'MOBL',
        status: n % 10 === 0 ? '11' : '10',
        updateTime: '20261120235959',
        openDate: '20200101090000',
      }) + '\n';
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}
