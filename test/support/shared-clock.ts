import type { Clock } from '../../domain/clock';
import { TEST_PROFILE } from '../../config/local-profiles';

const actuator = `http://127.0.0.1:${TEST_PROFILE.engine.managementPort}/actuator/clock`;

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ epochMilli: number }> {
  const response = await fetch(`${actuator}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`engine clock ${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { epochMilli: number };
}

/**
 * The engine's controlled clock (ZEEBE_CLOCK_CONTROLLED) and the platform's, moved together:
 * the platform reads the machine's time plus the offset the engine's clock has, so a timer the
 * engine fires and the instant a worker stamps on it agree. Tests move time with `advanceTo`
 * instead of sleeping. The engine keeps its offset across test files; each one attaches to it.
 */
export class SharedClock implements Clock {
  /** The machine's time until `sync` has read the engine's offset. */
  private offsetMs = 0;

  /** Takes the engine's offset: call it before anything reads the clock (first in the file's beforeAll hooks). */
  async sync(): Promise<void> {
    const before = Date.now();
    const { epochMilli } = await call('GET', '');
    this.offsetMs = epochMilli - Math.round((before + Date.now()) / 2);
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves both clocks forward by `ms` (never back: timers already fired stay fired). */
  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new RangeError(`the clocks only move forward, not by ${ms} ms`);
    // the platform moves first: a timer the engine fires while its answer is on the way is handled
    // by a worker in this process, which must not stamp it with the time from before the move
    this.offsetMs += Math.round(ms);
    const { epochMilli } = await call('POST', '/add', { offsetMilli: Math.round(ms) });
    // and never back: the engine's answer left it a few milliseconds ago
    this.offsetMs = Math.max(this.offsetMs, epochMilli - Date.now());
  }

  /** Moves both clocks to `instant` (plus `extraMs`), if it lies ahead. */
  async advanceTo(instant: Date, extraMs = 0): Promise<void> {
    const ms = instant.getTime() + extraMs - this.now().getTime();
    if (ms > 0) await this.advance(ms);
  }
}
