/**
 * The platform's notion of "now". Everything that stamps or compares times takes a Clock,
 * so tests can move the platform's time together with the engine's controlled clock.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
