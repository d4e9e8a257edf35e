/**
 * Finding classes on the LAN: what a host advertises (DNS-SD TXT and the UDP broadcast answer
 * carry the same fields) and what the student app lists as "Classes nearby".
 *
 * Deliberately absent: the room code, or anything it could be derived from. Students still
 * have to read the code off the teacher's screen; discovery only tells them where hosts are.
 */
import { z } from 'zod';

export const DISCOVERY = {
  /** DNS-SD service type: `_teachplay._tcp.local`. */
  serviceType: 'teachplay',
  /** Fixed UDP port of the broadcast fallback (networks that drop multicast). */
  broadcastPort: 47321,
  /** Magic tags so a stray datagram on the port is never mistaken for ours. */
  queryTag: 'teachplay?',
  answerTag: 'teachplay!',
} as const;

const text = (max: number) => z.string().min(1).max(max);

/**
 * What a host says about itself. `id` is a random per-run instance id (so a list entry can be
 * kept stable and de-duplicated across mDNS and broadcast), unrelated to any class or code.
 */
export const HostAdvertSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]{6,32}$/),
  name: text(100),
  teacher: text(100),
  /** PROTOCOL_VERSION of the host; a student app may hide hosts it cannot talk to. */
  v: z.number().int().min(0).max(1_000_000),
  port: z.number().int().min(1).max(65535),
});
export type HostAdvert = z.infer<typeof HostAdvertSchema>;

/** DNS-SD TXT values are strings; numbers are coerced back on the way in. */
export const HostAdvertTxtSchema = z.object({
  id: HostAdvertSchema.shape.id,
  name: HostAdvertSchema.shape.name,
  teacher: HostAdvertSchema.shape.teacher,
  v: z.coerce.number().pipe(HostAdvertSchema.shape.v),
  port: z.coerce.number().pipe(HostAdvertSchema.shape.port),
});

export const BroadcastQuerySchema = z.strictObject({ t: z.literal(DISCOVERY.queryTag), v: z.number().int() });
export type BroadcastQuery = z.infer<typeof BroadcastQuerySchema>;
export const BroadcastAnswerSchema = z.strictObject({ t: z.literal(DISCOVERY.answerTag), host: HostAdvertSchema });
export type BroadcastAnswer = z.infer<typeof BroadcastAnswerSchema>;

/** One host in "Classes nearby". */
export const NearbyClassSchema = z.object({
  id: HostAdvertSchema.shape.id,
  name: z.string(),
  teacher: z.string(),
  protocolVersion: z.number().int(),
  /** Base URLs to try in order (the address the answer came from first). */
  urls: z.array(z.string()).min(1),
  /** How it was found (both when both paths work). */
  via: z.array(z.enum(['mdns', 'broadcast'])),
});
export type NearbyClass = z.infer<typeof NearbyClassSchema>;

export const DiscoverySnapshotSchema = z.object({
  /** False where discovery cannot run (a browser, or the network stack refused). */
  available: z.boolean(),
  classes: z.array(NearbyClassSchema),
});
export type DiscoverySnapshot = z.infer<typeof DiscoverySnapshotSchema>;
