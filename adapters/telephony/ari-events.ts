import { z } from 'zod';

/**
 * The part of Asterisk's ARI data model the adapter reads (ARI 1.x/Asterisk 16+, as documented
 * for the channel and event resources); other fields and event types pass unread.
 */

/** Asterisk writes offsets without a colon (`2026-11-22T04:50:00.123+0000`), which Date.parse may not read. */
const AriTime = z.string().transform((s, ctx) => {
  const ms = Date.parse(s.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not an ARI timestamp: ${s}` });
    return z.NEVER;
  }
  return new Date(ms);
});

export const AriChannel = z.object({
  id: z.string(),
  /** Down, Rsrved, OffHook, Dialing, Ring, Ringing, Up, Busy, Dialing Offhook, Pre-ring, Unknown. */
  state: z.string(),
  creationtime: AriTime,
  /** The variables ari.conf `channelvars` names, in every snapshot (Asterisk 14.2+). */
  channelvars: z.record(z.string(), z.string()).optional(),
});
export type AriChannel = z.infer<typeof AriChannel>;

const Base = { timestamp: AriTime, application: z.string().optional() };
/** `channel:<id>`: what a playback or recording is attached to. */
const TargetUri = z.string();

export const AriEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ChannelStateChange'), channel: AriChannel, ...Base }),
  z.object({ type: z.literal('StasisStart'), channel: AriChannel, args: z.array(z.string()).default([]), ...Base }),
  z.object({ type: z.literal('ChannelDtmfReceived'), channel: AriChannel, digit: z.string(), ...Base }),
  z.object({ type: z.literal('ChannelVarset'), channel: AriChannel.optional(), variable: z.string(), value: z.string(), ...Base }),
  z.object({ type: z.literal('ChannelDestroyed'), channel: AriChannel, cause: z.number().int(), cause_txt: z.string(), ...Base }),
  z.object({ type: z.literal('PlaybackFinished'), playback: z.object({ id: z.string(), target_uri: TargetUri }), ...Base }),
  z.object({ type: z.literal('RecordingFinished'), recording: z.object({ name: z.string(), target_uri: TargetUri }), ...Base }),
]);
export type AriEvent = z.infer<typeof AriEvent>;

/** The event types above: anything else on the stream (StasisEnd, ChannelHangupRequest, PlaybackStarted ...) is not needed. */
export const READ_EVENT_TYPES: ReadonlySet<string> = new Set(AriEvent.options.map((o) => o.shape.type.value));

/** The channel id of a `channel:<id>` target, or undefined for bridges and other targets. */
export const channelOfTarget = (uri: string): string | undefined => (uri.startsWith('channel:') ? uri.slice('channel:'.length) : undefined);
