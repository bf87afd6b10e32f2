import { z } from 'zod';
import { CallingWindowsSchema } from '../outreach/calling-windows';
import { AttemptRulesSchema } from '../outreach/attempt-rules';
import { ExclusionReasons, type CallKind, type ExclusionReason } from '../outreach/do-not-call';
import { Text } from '../work-order/work-order';

/** Kinds of campaign (domain brief): every outbound kind but the work order's own callback. */
export const CampaignKinds = ['care', 'retention', 'payment-reminder', 'survey', 'marketing'] as const satisfies readonly CallKind[];
export type CampaignKind = (typeof CampaignKinds)[number];

/**
 * How contacts are called. `preview`: an agent gets one customer at a time with the customer's
 * data on screen and places the call (the preview-dial queue). `automatic`: the IVR calls and
 * plays the script; the customer presses the accept key for success.
 */
export const DialModes = ['preview', 'automatic'] as const;
export type DialMode = (typeof DialModes)[number];

const UnitId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a unit id, e.g. hotline-agents');
const IsoMinutes = z.string().regex(/^PT(?=\d)(\d+H)?(\d+M)?$/, 'an ISO 8601 duration in hours and minutes, e.g. PT1M');

/** What a campaign manager sets up; the list and the progress come later. */
export const CampaignSettingsSchema = z
  .strictObject({
    name: Text(120),
    kind: z.enum(CampaignKinds),
    /** What the agent says, or what the IVR message says (shown to agents in preview mode). */
    script: Text(4_000),
    dialMode: z.enum(DialModes),
    /** Automatic mode: the recorded message (an ARI media URI) and the key that means yes. */
    ivr: z
      .strictObject({
        prompt: z.string().regex(/^(sound|recording):\S+$/, 'an ARI media URI, e.g. sound:payment-reminder'),
        acceptKey: z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #'),
      })
      .optional(),
    /** The department that runs the campaign: its supervisors manage it. */
    departmentId: UnitId,
    /** Preview mode: the team whose agents get the customers. */
    agentTeam: UnitId.optional(),
    windows: CallingWindowsSchema,
    rules: AttemptRulesSchema,
    /** Contacts launched per wave, and the pause between waves: what the agents and lines can take. */
    pacing: z.strictObject({ waveSize: z.number().int().min(1).max(5_000), every: IsoMinutes }),
    /** First and last civil day (YYYY-MM-DD, the calendar's zone) calls may be placed on. */
    firstDay: z.iso.date(),
    lastDay: z.iso.date(),
  })
  .refine((s) => s.firstDay <= s.lastDay, { message: 'lastDay must not be before firstDay', path: ['lastDay'] })
  .refine((s) => s.dialMode !== 'automatic' || s.ivr !== undefined, { message: 'automatic dialing needs the IVR prompt and accept key', path: ['ivr'] })
  .refine((s) => s.dialMode !== 'preview' || s.agentTeam !== undefined, { message: 'preview dialing needs the agents\' team', path: ['agentTeam'] });
export type CampaignSettings = z.infer<typeof CampaignSettingsSchema>;

/**
 * Where a campaign stands.
 * - draft: set up, no list yet (a list may be imported again while draft or ready).
 * - importing: its list is being read and filtered.
 * - ready: the list is in; it may be launched.
 * - running / paused: launched; waves go out while running.
 * - stopped: stopped by a manager; no further calls.
 * - finished: every eligible contact's chain has ended.
 */
export const CampaignStates = ['draft', 'importing', 'ready', 'running', 'paused', 'stopped', 'finished'] as const;
export type CampaignState = (typeof CampaignStates)[number];

/** Which columns of the uploaded list hold what (by header name); other columns are kept for the script. */
export const ListMappingSchema = z.strictObject({
  phone: z.string().min(1).max(120),
  name: z.string().min(1).max(120).optional(),
  custId: z.string().min(1).max(120).optional(),
  /** Further columns kept with each contact (shown to agents: amount due, offer ...). */
  extra: z.array(z.string().min(1).max(120)).max(20).default([]),
});
export type ListMapping = z.infer<typeof ListMappingSchema>;

/** How many contacts were kept out before any call, by reason. */
export type FilterCounts = Partial<Record<ExclusionReason, number>>;
export const emptyFilterCounts = (): Record<ExclusionReason, number> =>
  Object.fromEntries(ExclusionReasons.map((r) => [r, 0])) as Record<ExclusionReason, number>;

/**
 * How a contact's chain ended.
 * - success: reached, and said yes (automatic: pressed the accept key; preview: the agent recorded success).
 * - reached: reached (answered), no yes or no asked or recorded.
 * - refused: reached, said no.
 * - unreachable: attempts ran out (cap, or a rule that stops) without reaching the customer.
 * - invalid-number / fax: the number cannot take a voice call.
 * - excluded: kept out at call time (blacklisted, do-not-disturb ... since the import).
 * - stopped: the campaign was stopped first.
 */
export const ContactResults = ['success', 'reached', 'refused', 'unreachable', 'invalid-number', 'fax', 'excluded', 'stopped'] as const;
export type ContactResult = (typeof ContactResults)[number];

/** Contacts per stored list page: pages are written once at import and read one per wave. */
export const LIST_PAGE_SIZE = 1_000;

/** `CP-YYYYMMDD-NNN`: the center's day and that day's sequence. */
export function campaignIdOf(centerDay: string, sequence: number): string {
  if (!/^\d{8}$/.test(centerDay) || !Number.isInteger(sequence) || sequence < 1 || sequence > 999) {
    throw new RangeError(`campaign id needs YYYYMMDD and 1..999, got ${centerDay} ${sequence}`);
  }
  return `CP-${centerDay}-${String(sequence).padStart(3, '0')}`;
}

/** A contact's id: the campaign and the contact's row number in the list (1-based). */
export const contactIdOf = (campaignId: string, seq: number): string => `${campaignId}/${String(seq).padStart(7, '0')}`;
