/**
 * A peer connection's health from `getStats()`: how many media bytes came in (audio and video
 * together: growing means media flows), and the kind of path the selected candidate pair uses —
 * `host` (same network), `srflx` (through NAT) or `relay` (through TURN).
 */
export interface PeerHealth {
  inboundBytes: number;
  candidateType: string | null;
  roundTripMs: number | null;
}

/** One entry of an RTCStatsReport, read loosely: browsers differ in the fields they fill. */
export type StatEntry = { id: string; type: string } & Record<string, unknown>;

export function summarizeStats(entries: Iterable<StatEntry>): PeerHealth {
  const byId = new Map<string, StatEntry>();
  let inboundBytes = 0;
  let selectedPairId: string | null = null;
  for (const entry of entries) {
    byId.set(entry.id, entry);
    if (entry.type === 'inbound-rtp' && (entry['kind'] === 'audio' || entry['kind'] === 'video'))
      inboundBytes += numberOr(entry['bytesReceived'], 0);
    if (entry.type === 'transport' && typeof entry['selectedCandidatePairId'] === 'string')
      selectedPairId = entry['selectedCandidatePairId'];
  }
  const pair = selectedPairId ? byId.get(selectedPairId) : selectedPair(byId.values());
  const local = pair ? byId.get(String(pair['localCandidateId'])) : undefined;
  const rtt = pair ? pair['currentRoundTripTime'] : undefined;
  return {
    inboundBytes,
    candidateType: typeof local?.['candidateType'] === 'string' ? local['candidateType'] : null,
    roundTripMs: typeof rtt === 'number' ? Math.round(rtt * 1000) : null,
  };
}

/** Without a transport entry naming it (Firefox): the pair flagged selected, or nominated and working. */
function selectedPair(entries: Iterable<StatEntry>): StatEntry | undefined {
  let nominated: StatEntry | undefined;
  for (const entry of entries) {
    if (entry.type !== 'candidate-pair') continue;
    if (entry['selected'] === true) return entry;
    if (entry['nominated'] === true && entry['state'] === 'succeeded') nominated ??= entry;
  }
  return nominated;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** "1.2 MB", "840 kB", "512 B": bytes for the health panel (decimal units, as browsers show). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${Math.round(bytes / 1_000)} kB`;
  return `${bytes} B`;
}
