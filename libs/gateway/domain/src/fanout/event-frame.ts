/**
 * A stored event ready to go on the wire: the frame `{"type":…,"seq":…,"data":…}` cut around
 * the one part that differs per recipient, the seq. The payload is serialized once, when the
 * fan-out stores it; each recipient's frame is then two string concatenations, not a
 * JSON.stringify of the payload per device.
 */
export interface EventFrame {
  readonly type: string;
  /** `{"type":"messaging.message.sent","seq":` */
  readonly head: string;
  /** `,"data":{…}}` */
  readonly tail: string;
  /** When the event happened (ms since epoch): the send → deliver latency starts here. */
  readonly occurredAt: number;
}

/** `payloadJson` must be a JSON text (the store keeps it as written by `JSON.stringify`). */
export function eventFrame(type: string, payloadJson: string, occurredAt: number): EventFrame {
  return {
    type,
    head: `{"type":${JSON.stringify(type)},"seq":`,
    tail: `,"data":${payloadJson}}`,
    occurredAt,
  };
}

export function frameText(frame: EventFrame, seq: number): string {
  return frame.head + String(seq) + frame.tail;
}

/** One recipient's copy of an event: their seq and the shared frame. */
export interface UserEvent {
  userId: string;
  seq: number;
  frame: EventFrame;
}
