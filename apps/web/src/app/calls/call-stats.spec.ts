import { describe, expect, it } from 'vitest';
import { summarizeStats, type StatEntry } from './call-stats';

/** The parts of a Chromium getStats() report the panel reads, trimmed. */
const chromium: StatEntry[] = [
  { id: 'IT01A', type: 'inbound-rtp', kind: 'audio', bytesReceived: 12_000 },
  { id: 'IT01V', type: 'inbound-rtp', kind: 'video', bytesReceived: 480_000 },
  { id: 'OT01V', type: 'outbound-rtp', kind: 'video', bytesSent: 999_999 },
  { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP2' },
  {
    id: 'CP1',
    type: 'candidate-pair',
    localCandidateId: 'L1',
    nominated: true,
    state: 'succeeded',
  },
  {
    id: 'CP2',
    type: 'candidate-pair',
    localCandidateId: 'L2',
    state: 'succeeded',
    currentRoundTripTime: 0.0123,
  },
  { id: 'L1', type: 'local-candidate', candidateType: 'host' },
  { id: 'L2', type: 'local-candidate', candidateType: 'relay' },
];

describe('summarizeStats', () => {
  it('adds audio and video bytes received and reads the selected pair’s local candidate', () => {
    expect(summarizeStats(chromium)).toEqual({
      inboundBytes: 492_000,
      candidateType: 'relay',
      roundTripMs: 12,
    });
  });

  it('finds the pair without a transport entry (selected, else nominated and succeeded)', () => {
    const withoutTransport = chromium.filter((e) => e.type !== 'transport');
    expect(summarizeStats(withoutTransport).candidateType).toBe('host');
    const flagged = withoutTransport.map((e) => (e.id === 'CP2' ? { ...e, selected: true } : e));
    expect(summarizeStats(flagged).candidateType).toBe('relay');
  });

  it('reports nothing yet before media and a path exist', () => {
    expect(summarizeStats([])).toEqual({ inboundBytes: 0, candidateType: null, roundTripMs: null });
  });
});
